package microlab.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the image builds rely on and a run cannot show until it breaks: a .dockerignore that both of
 * Docker's builders read the same way, base images that can be replaced, compose passing the
 * Dockerfiles' own defaults, and a build stage that is the same in every Dockerfile (so the images
 * share its layers and one Maven run makes every jar).
 */
final class Images {

    private static final Pattern ARG = Pattern.compile("(?m)^ARG ([A-Z_]+)=(\\S*)$");
    private static final Pattern FROM = Pattern.compile("(?m)^FROM (\\S+)(?: AS (\\S+))?");
    /** The line in each Dockerfile below which its own stages follow; above it, all five are the same. */
    static final String OWN_STAGES = "# ---- Above: the same in all five Dockerfiles. Below: this service's image. ----";
    private static final Pattern COMPOSE_ARG = Pattern.compile("\\$\\{([A-Z_]+):-([^}]*)}");

    private Images() {
    }

    /** The reactor's modules: the {@code <modules>} of the root pom outside its profiles. */
    static List<String> modules(String rootPom) {
        String main = rootPom.contains("<profiles>") ? rootPom.substring(0, rootPom.indexOf("<profiles>")) : rootPom;
        List<String> modules = new ArrayList<>();
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(main);
        while (m.find()) {
            modules.add(m.group(1).trim());
        }
        return modules;
    }

    static List<String> dockerignoreProblems(String dockerignore, List<String> modules) {
        List<String> problems = new ArrayList<>();
        List<String> lines = dockerignore.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        if (lines.isEmpty() || !lines.get(0).equals("*")) {
            problems.add(".dockerignore: should start by excluding everything (*) and name what goes in");
        }
        for (String line : lines) {
            if (line.startsWith("!") && line.matches(".*[*?\\[].*")) {
                problems.add(".dockerignore: " + line + " is an exception with a wildcard, which the classic builder drops");
            }
        }
        for (String module : modules) {
            for (String needed : List.of("!" + module + "/pom.xml", "!" + module + "/src/")) {
                if (!lines.contains(needed)) {
                    problems.add(".dockerignore: " + needed + " is missing, so the build context lacks module " + module);
                }
            }
        }
        return problems;
    }

    /**
     * JKube reads no .dockerignore: .jkube-dockerinclude must name what .dockerignore lets in ({@code !dir/}
     * as {@code dir/**}, a file as itself), no more and no less, or the two builds see different contexts.
     */
    static List<String> jkubeIncludeProblems(String dockerignore, String jkubeInclude) {
        List<String> expected = dockerignore.lines().map(String::strip).filter(l -> l.startsWith("!"))
                .map(l -> l.endsWith("/") ? l.substring(1) + "**" : l.substring(1)).toList();
        List<String> actual = jkubeInclude.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        List<String> problems = new ArrayList<>();
        for (String path : expected) {
            if (!actual.contains(path)) {
                problems.add(".jkube-dockerinclude: " + path + " is missing, though .dockerignore lets it in");
            }
        }
        for (String path : actual) {
            if (!expected.contains(path)) {
                problems.add(".jkube-dockerinclude: " + path + " is not among what .dockerignore lets in");
            }
        }
        return problems;
    }

    /** {@code dockerfiles}: application name -> its Dockerfile's text. */
    static List<String> dockerfileProblems(Map<String, String> dockerfiles, List<String> modules, Compose compose) {
        List<String> problems = new ArrayList<>();
        Map<String, String> composeDefaults = new LinkedHashMap<>();
        Object build = compose.root.get("x-build");
        Object args = build instanceof Map<?, ?> b ? b.get("args") : null;
        if (args instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                Matcher m = COMPOSE_ARG.matcher(String.valueOf(v));
                composeDefaults.put(String.valueOf(k), m.matches() ? m.group(2) : "(not from the environment: " + v + ")");
            });
        }
        String firstBuildStages = null;
        String first = null;
        for (Map.Entry<String, String> entry : dockerfiles.entrySet()) {
            String name = entry.getKey();
            String text = entry.getValue();
            Matcher from = FROM.matcher(text);
            List<String> stages = new ArrayList<>();
            while (from.find()) {
                // a base image from an argument, or a stage named above
                if (!from.group(1).matches("\\$\\{[A-Z_]+}") && !stages.contains(from.group(1))) {
                    problems.add(name + "/Dockerfile: FROM " + from.group(1) + " cannot be replaced (FROM ${AN_ARG})");
                }
                if (from.group(2) != null) {
                    stages.add(from.group(2));
                }
            }
            Matcher arg = ARG.matcher(text);
            while (arg.find()) {
                String composeDefault = composeDefaults.get(arg.group(1));
                if (composeDefault == null) {
                    problems.add(name + "/Dockerfile: ARG " + arg.group(1) + " is not among compose's build args " + composeDefaults.keySet());
                } else if (!composeDefault.equals(arg.group(2).replaceAll("^\"|\"$", ""))) {
                    problems.add(name + "/Dockerfile: ARG " + arg.group(1) + " defaults to " + arg.group(2)
                            + ", compose to " + composeDefault);
                }
            }
            if (!text.contains(OWN_STAGES)) {
                problems.add(name + "/Dockerfile: the line that ends the shared stages is missing (" + OWN_STAGES + ")");
                continue;
            }
            // from the first ARG (the lines above name the module) to the line after which the service's own
            // stages follow
            String buildStages = text.substring(Math.max(0, text.indexOf("\nARG ")), Math.max(0, text.indexOf(OWN_STAGES)));
            for (String module : modules) {
                if (!text.contains("COPY --from=context /src/" + module + "/src " + module + "/src")) {
                    problems.add(name + "/Dockerfile: the build stage does not copy " + module + "/src");
                }
            }
            if (firstBuildStages == null) {
                firstBuildStages = buildStages;
                first = name;
            } else if (!firstBuildStages.equals(buildStages)) {
                problems.add(name + "/Dockerfile: its build stages differ from " + first
                        + "/Dockerfile's, so the images no longer share one Maven build");
            }
        }
        return problems;
    }

    static Map<String, String> realDockerfiles() {
        Map<String, String> dockerfiles = new LinkedHashMap<>();
        for (String name : Applications.NAMES) {
            dockerfiles.put(name, Repository.read(Repository.ROOT.resolve(name).resolve("Dockerfile")));
        }
        return dockerfiles;
    }
}
