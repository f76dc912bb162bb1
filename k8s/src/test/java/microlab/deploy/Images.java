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
 * Dockerfile's own defaults and naming each service, and each service's settings for its image.
 */
final class Images {

    private static final Pattern ARG = Pattern.compile("(?m)^ARG ([A-Z_]+)=(\"[^\"]*\"|\\S*)$");
    /** Arguments that only carry one value to several stages (the JVM flags both the training start and the service use). */
    private static final List<String> STAGE_CONSTANTS = List.of("NETTY_FLAGS");
    private static final Pattern FROM = Pattern.compile("(?m)^FROM (\\S+)(?: AS (\\S+))?");
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

    /** The settings each service's image reads (sh assignments), with the ones every service must give. */
    static final String SETTINGS = "src/image/settings.sh";
    static final List<String> REQUIRED_SETTINGS = List.of("PORT", "TRAINING_DATABASE", "TRAINING_PATHS", "JAVA_FLAGS");

    /**
     * The one Dockerfile: base images from arguments whose defaults compose repeats, a build stage that copies
     * every module (one Maven run makes every jar); and for each application ({@code settings}: name -> the text
     * of its settings.sh) the settings the image reads, its port the one its application.yml gives, and compose
     * building it from that Dockerfile with {@code SERVICE} naming it.
     */
    static List<String> dockerfileProblems(String dockerfile, Map<String, String> settings, Map<String, Integer> ports,
                                           List<String> modules, Compose compose) {
        List<String> problems = new ArrayList<>();
        Map<String, String> composeDefaults = new LinkedHashMap<>();
        if (compose.root.get("x-build-args") instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                Matcher m = COMPOSE_ARG.matcher(String.valueOf(v));
                composeDefaults.put(String.valueOf(k), m.matches() ? m.group(2) : "(not from the environment: " + v + ")");
            });
        }
        Matcher from = FROM.matcher(dockerfile);
        List<String> stages = new ArrayList<>();
        while (from.find()) {
            // a base image from an argument, a stage named above, or the empty image
            if (!from.group(1).matches("\\$\\{[A-Z_]+}") && !stages.contains(from.group(1)) && !from.group(1).equals("scratch")) {
                problems.add("Dockerfile: FROM " + from.group(1) + " cannot be replaced (FROM ${AN_ARG})");
            }
            if (from.group(2) != null) {
                stages.add(from.group(2));
            }
        }
        Matcher arg = ARG.matcher(dockerfile);
        while (arg.find()) {
            if (STAGE_CONSTANTS.contains(arg.group(1))) {
                continue;
            }
            String composeDefault = composeDefaults.get(arg.group(1));
            if (composeDefault == null) {
                problems.add("Dockerfile: ARG " + arg.group(1) + " is not among compose's build args " + composeDefaults.keySet());
            } else if (!composeDefault.equals(arg.group(2).replaceAll("^\"|\"$", ""))) {
                problems.add("Dockerfile: ARG " + arg.group(1) + " defaults to " + arg.group(2) + ", compose to " + composeDefault);
            }
        }
        for (String module : modules) {
            if (!dockerfile.contains("COPY --from=context /src/" + module + "/src " + module + "/src")) {
                problems.add("Dockerfile: the build stage does not copy " + module + "/src");
            }
        }
        settings.forEach((name, text) -> {
            for (String setting : REQUIRED_SETTINGS) {
                if (!Pattern.compile("(?m)^" + setting + "=\\S").matcher(text).find()) {
                    problems.add(name + "/" + SETTINGS + ": " + setting + " is not set");
                }
            }
            if (!text.contains("\nPORT=" + ports.get(name) + "\n")) {
                problems.add(name + "/" + SETTINGS + ": PORT is not " + ports.get(name) + ", the port of its application.yml");
            }
            Object build = compose.services().getOrDefault(name, Map.of()).get("build");
            Object service = build instanceof Map<?, ?> b && b.get("args") instanceof Map<?, ?> args ? args.get("SERVICE") : null;
            Object file = build instanceof Map<?, ?> b ? b.get("dockerfile") : null;
            if (!name.equals(service) || !"Dockerfile".equals(file)) {
                problems.add("compose.yaml: " + name + " is not built from the Dockerfile with SERVICE: " + name);
            }
        });
        return problems;
    }

    static String realDockerfile() {
        return Repository.read(Repository.ROOT.resolve("Dockerfile"));
    }

    /** application name -> the text of its settings.sh */
    static Map<String, String> realSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String name : Applications.NAMES) {
            settings.put(name, Repository.read(Repository.ROOT.resolve(name).resolve(SETTINGS)));
        }
        return settings;
    }
}
