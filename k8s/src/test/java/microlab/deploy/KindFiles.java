package microlab.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kind-config.yaml and kind-up.sh cannot run here, so what makes them repeatable is read from the text:
 * the node image chosen by the script (pulled, or assembled at the versions of .ci/kind/versions.sh) and
 * of the same Kubernetes minor either way, Traefik at the version the assembled node preloads, images
 * tagged by content, every wait in place, and the host ports on loopback.
 */
final class KindFiles {

    private static final Pattern PULLED_NODE = Pattern.compile("(?m)^PULLED_NODE_IMAGE=(\\S*)$");
    private static final Pattern NODE_RELEASE = Pattern.compile("kindest/node:v(\\d+\\.\\d+)\\.\\d+");

    private KindFiles() {
    }

    @SuppressWarnings("unchecked")
    static List<String> configProblems(String kindConfig) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> config = new Yaml().load(kindConfig);
        for (Map<String, Object> node : (List<Map<String, Object>>) config.get("nodes")) {
            if (node.containsKey("image")) {
                problems.add("node " + node.get("role") + ": image " + node.get("image") + " in kind-config.yaml;"
                        + " kind-up.sh chooses the node image (--image), pulled or assembled here");
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

    /** kind-up.sh against .ci/kind/versions.sh, the versions it sources. */
    static List<String> scriptProblems(String script, String versions) {
        List<String> problems = new ArrayList<>();
        if (!script.contains("source \"$ROOT/.ci/kind/versions.sh\"")) {
            problems.add("kind-up.sh: must source .ci/kind/versions.sh, where the cluster's versions are pinned");
        }
        Matcher pulled = PULLED_NODE.matcher(script);
        Matcher release = NODE_RELEASE.matcher(pulled.find() ? pulled.group(1) : "");
        Optional<String> kubernetes = version(versions, "KUBERNETES_VERSION");
        if (!release.matches()) {
            problems.add("kind-up.sh: PULLED_NODE_IMAGE must be a kindest/node release (kindest/node:vX.Y.Z)");
        } else if (kubernetes.isEmpty() || !kubernetes.get().startsWith("v" + release.group(1) + ".")) {
            problems.add("kind-up.sh: PULLED_NODE_IMAGE " + pulled.group(1) + " is Kubernetes " + release.group(1)
                    + " but versions.sh's KUBERNETES_VERSION is " + kubernetes.orElse("(none)")
                    + "; the pulled and the assembled node must run the same minor");
        }
        if (!Pattern.compile("kind create cluster [^\\n]*--image \"\\$KIND_NODE_IMAGE\"").matcher(script).find()) {
            problems.add("kind-up.sh: kind create cluster must be given --image \"$KIND_NODE_IMAGE\";"
                    + " kind-config.yaml names no node image");
        }
        if (!script.contains("{{.Id}}") || !script.contains("newTag: \"%s\"")) {
            problems.add("kind-up.sh: images must be tagged by content (their image ID) and the overlay must use that tag;"
                    + " a fixed tag lets a rerun keep the old pods");
        }
        if (!script.contains("wait --for condition=Established crd/")) {
            problems.add("kind-up.sh: must wait for the Gateway API CRDs to be established before applying Traefik");
        }
        if (!script.contains("-n traefik rollout status deployment/traefik")) {
            problems.add("kind-up.sh: must wait for Traefik's rollout before applying microlab");
        }
        // it checks the pods' images, polls the Ingress until the gateway answers, then runs the smoke through it
        if (!script.contains("e2e_java microlab.e2e.cluster.Deployed")) {
            problems.add("kind-up.sh: must end with microlab.e2e.cluster.Deployed, which polls the Ingress until the gateway"
                    + " answers before the first smoke run");
        }
        if (Pattern.compile("kind get clusters[^\\n]*\\|\\s*grep").matcher(script).find()) {
            problems.add("kind-up.sh: `kind get clusters | grep -q` can fail under pipefail when grep exits early");
        }
        return problems;
    }

    /** k8s/traefik runs the Traefik of versions.sh's TRAEFIK_VERSION, the one the assembled node preloads. */
    static List<String> controllerProblems(Cluster traefik, String versions) {
        List<String> problems = new ArrayList<>();
        Optional<String> wanted = version(versions, "TRAEFIK_VERSION");
        for (Deployment deployment : traefik.all(Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                String image = container.getImage();
                if (!image.equals("traefik:" + wanted.orElse("(none)"))) {
                    problems.add("k8s/traefik Deployment/" + deployment.getMetadata().getName() + ": image " + image
                            + ", versions.sh's TRAEFIK_VERSION is " + wanted.orElse("(none)")
                            + "; where no registry answers, only traefik:$TRAEFIK_VERSION is in the node");
                }
            }
        }
        return problems;
    }

    /** {@code NAME=vX.Y.Z} of versions.sh. */
    static Optional<String> version(String versions, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "=(v\\d+\\.\\d+\\.\\d+)$").matcher(versions);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
