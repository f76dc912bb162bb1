package microlab.deploy;

import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kind-config.yaml and kind-up.sh cannot run here, so what makes them repeatable is read from the text:
 * versions pinned, images tagged by content, every wait in place, and the host ports on loopback.
 */
final class KindFiles {

    private static final Pattern PINNED_NODE = Pattern.compile("kindest/node:v\\d+\\.\\d+\\.\\d+@sha256:[0-9a-f]{64}");
    private static final Pattern CONTOUR_VERSION = Pattern.compile("(?m)^CONTOUR_VERSION=v\\d+\\.\\d+\\.\\d+$");

    private KindFiles() {
    }

    @SuppressWarnings("unchecked")
    static List<String> configProblems(String kindConfig) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> config = new Yaml().load(kindConfig);
        for (Map<String, Object> node : (List<Map<String, Object>>) config.get("nodes")) {
            Object image = node.get("image");
            if (image == null || !PINNED_NODE.matcher(image.toString()).matches()) {
                problems.add("node " + node.get("role") + ": image " + image
                        + " must be pinned as kindest/node:vX.Y.Z@sha256:<digest>");
            }
            for (Map<String, Object> mapping : (List<Map<String, Object>>) node.getOrDefault("extraPortMappings", List.of())) {
                if (!"127.0.0.1".equals(mapping.get("listenAddress"))) {
                    problems.add("host port " + mapping.get("hostPort") + " listens on " + mapping.getOrDefault("listenAddress", "every interface")
                            + ", not on loopback (listenAddress: \"127.0.0.1\")");
                }
            }
        }
        return problems;
    }

    static List<String> scriptProblems(String script) {
        List<String> problems = new ArrayList<>();
        if (!CONTOUR_VERSION.matcher(script).find()) {
            problems.add("kind-up.sh: CONTOUR_VERSION must pin a release (vX.Y.Z)");
        }
        Matcher manifest = Pattern.compile("CONTOUR_MANIFEST=\\$\\{CONTOUR_MANIFEST:-([^}]*)}").matcher(script);
        if (!manifest.find() || !manifest.group(1).contains("/$CONTOUR_VERSION/")) {
            problems.add("kind-up.sh: the default controller manifest must be the one of CONTOUR_VERSION, not a branch");
        }
        if (!script.contains("{{.Id}}") || !script.contains("newTag: \"%s\"")) {
            problems.add("kind-up.sh: images must be tagged by content (their image ID) and the overlay must use that tag;"
                    + " a fixed tag lets a rerun keep the old pods");
        }
        if (!script.contains("wait --for=condition=complete job --all")) {
            problems.add("kind-up.sh: must wait for the controller's jobs (its certificates) before applying");
        }
        if (!Pattern.compile("if ! k apply -k [^\\n]*; then[\\s\\S]*?k apply -k").matcher(script).find()) {
            problems.add("kind-up.sh: must retry a refused apply once");
        }
        if (!script.contains("curl -fsS -o /dev/null --max-time 2 http://localhost/health/readiness")) {
            problems.add("kind-up.sh: must poll the Ingress until the gateway answers before the first smoke run");
        }
        if (Pattern.compile("kind get clusters[^\\n]*\\|\\s*grep").matcher(script).find()) {
            problems.add("kind-up.sh: `kind get clusters | grep -q` can fail under pipefail when grep exits early");
        }
        return problems;
    }
}
