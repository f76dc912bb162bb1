package microlab.deploy;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static microlab.deploy.Repository.replaceOnce;
import static microlab.deploy.WiringTest.assertHas;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kind-config.yaml and kind-up.sh cannot run here; these keep them in step with the manifests. */
class KindFilesTest {

    private static final String CONFIG = Repository.read(Repository.K8S.resolve("kind-config.yaml"));
    private static final String SCRIPT = Repository.read(Repository.K8S.resolve("kind-up.sh"));
    private static final String VERSIONS = Repository.read(Repository.KIND_VERSIONS);

    @Test
    @SuppressWarnings("unchecked")
    void kindNodeMapsPort80WhereTraefikListensAndIsReadyForIt() {
        Map<String, Object> config = new Yaml().load(CONFIG);
        Map<String, Object> node = ((List<Map<String, Object>>) config.get("nodes")).get(0);
        PodSpec traefik = Rendered.traefikCluster().get(Deployment.class, "traefik").getSpec().getTemplate().getSpec();

        assertEquals(Map.of("ingress-ready", "true"), node.get("labels"));
        assertEquals(traefik.getNodeSelector(), node.get("labels"), "Traefik runs on the node whose ports are mapped");
        List<Map<String, Object>> mappings = (List<Map<String, Object>>) node.get("extraPortMappings");
        List<Integer> hostPorts = traefik.getContainers().stream().flatMap(c -> c.getPorts().stream())
                .filter(p -> p.getHostPort() != null).map(p -> p.getHostPort()).toList();
        assertEquals(List.of(80), hostPorts);
        assertEquals(hostPorts, mappings.stream().map(m -> m.get("containerPort")).toList());
        assertEquals(List.of(80), mappings.stream().map(m -> m.get("hostPort")).toList());
    }

    @Test
    void kindUpBuildsEveryApplicationImageWithTheOverlayTag() {
        Matcher modules = Pattern.compile("MODULES=\\(([^)]*)\\)").matcher(SCRIPT);
        assertTrue(modules.find(), "kind-up.sh lists its MODULES");
        assertEquals(Applications.NAMES, List.of(modules.group(1).trim().split("\\s+")));
        assertTrue(SCRIPT.contains("VERSION=0.1.0") && SCRIPT.contains("image=\"microlab/$module:$VERSION\""),
                "kind-up.sh tags images microlab/<module>:0.1.0 like the kind overlay");
        assertEquals(List.of(), Policy.kindImages(Rendered.kindCluster(), "0.1.0"));
    }

    @Test
    void kindUpWaitsForEveryWorkloadOfTheOverlay() {
        for (Cluster.Workload workload : Rendered.kindCluster().workloads()) {
            boolean waited = workload.kind().equals("StatefulSet")
                    ? SCRIPT.contains("rollout status statefulset/" + workload.name())
                    : Pattern.compile("for deployment in [^;]*\\b" + Pattern.quote(workload.name()) + "\\b").matcher(SCRIPT).find();
            assertTrue(waited, "kind-up.sh waits for " + workload.id());
        }
    }

    @Test
    void theKindFilesPinTheirVersionsTagByContentAndWait() {
        assertEquals(List.of(), KindFiles.configProblems(CONFIG));
        assertEquals(List.of(), KindFiles.scriptProblems(SCRIPT, VERSIONS));
        assertEquals(List.of(), KindFiles.controllerProblems(Rendered.traefikCluster(), VERSIONS));
    }

    @Test
    void aNodeImageInTheConfigOrAHostPortOnEveryInterfaceIsReported() {
        String pinned = replaceOnce(CONFIG, "  - role: control-plane\n",
                "  - role: control-plane\n    image: kindest/node:v1.33.1\n");
        String open = replaceOnce(CONFIG, "        listenAddress: \"127.0.0.1\"\n", "");

        assertHas(KindFiles.configProblems(pinned), "node control-plane: image kindest/node:v1.33.1 in kind-config.yaml;"
                + " kind-up.sh chooses the node image");
        assertHas(KindFiles.configProblems(open), "host port 80 listens on every interface, not on loopback");
    }

    @Test
    void aPulledNodeOfAnotherMinorOrNoReleaseOrNotGivenToKindIsReported() {
        Matcher pulled = Pattern.compile("(?m)^PULLED_NODE_IMAGE=.*$").matcher(SCRIPT);
        assertTrue(pulled.find(), "kind-up.sh names PULLED_NODE_IMAGE");
        String older = replaceOnce(SCRIPT, pulled.group(), "PULLED_NODE_IMAGE=kindest/node:v1.33.1");
        String latest = replaceOnce(SCRIPT, pulled.group(), "PULLED_NODE_IMAGE=kindest/node:latest");
        String newerKubernetes = VERSIONS.replaceAll("(?m)^KUBERNETES_VERSION=.*$", "KUBERNETES_VERSION=v1.35.0");

        assertHas(KindFiles.scriptProblems(older, VERSIONS), "PULLED_NODE_IMAGE kindest/node:v1.33.1 is Kubernetes 1.33 but"
                + " versions.sh's KUBERNETES_VERSION is v1.34");
        assertHas(KindFiles.scriptProblems(SCRIPT, newerKubernetes), "versions.sh's KUBERNETES_VERSION is v1.35.0;"
                + " the pulled and the assembled node must run the same minor");
        assertHas(KindFiles.scriptProblems(latest, VERSIONS), "PULLED_NODE_IMAGE must be a kindest/node release");
        assertHas(KindFiles.scriptProblems(replaceOnce(SCRIPT, " --image \"$KIND_NODE_IMAGE\"", ""), VERSIONS),
                "kind create cluster must be given --image \"$KIND_NODE_IMAGE\"");
        assertHas(KindFiles.scriptProblems(replaceOnce(SCRIPT, "source \"$ROOT/.ci/kind/versions.sh\"", "true"), VERSIONS),
                "must source .ci/kind/versions.sh");
    }

    @Test
    void aFixedTagOrAMissingWaitIsReported() {
        assertHas(KindFiles.scriptProblems(replaceOnce(SCRIPT, "{{.Id}}", "{{.RepoTags}}"), VERSIONS),
                "images must be tagged by content");
        assertHas(KindFiles.scriptProblems(replaceOnce(SCRIPT, "wait --for condition=Established crd/", "get crd/"), VERSIONS),
                "must wait for the Gateway API CRDs");
        assertHas(KindFiles.scriptProblems(replaceOnce(SCRIPT, "-n traefik rollout status deployment/traefik", "-n traefik get pods"),
                VERSIONS), "must wait for Traefik's rollout");
        assertHas(KindFiles.scriptProblems(replaceOnce(SCRIPT, "e2e_java microlab.e2e.cluster.Deployed", "bin/smoke"), VERSIONS),
                "polls the Ingress");
        assertHas(KindFiles.scriptProblems(replaceOnce(SCRIPT, "if grep -qx \"$CLUSTER\" <<<\"$clusters\"; then",
                "if kind get clusters | grep -qx \"$CLUSTER\"; then"), VERSIONS), "can fail under pipefail");
    }

    @Test
    void aTraefikImageOtherThanTheVersionTheNodePreloadsIsReported() {
        Cluster older = Rendered.traefikCluster();
        older.get(Deployment.class, "traefik").getSpec().getTemplate().getSpec().getContainers().get(0).setImage("traefik:v3.5.0");
        String newer = VERSIONS.replaceAll("(?m)^TRAEFIK_VERSION=.*$", "TRAEFIK_VERSION=v3.7.0");

        assertHas(KindFiles.controllerProblems(older, VERSIONS), "k8s/traefik Deployment/traefik: image traefik:v3.5.0,"
                + " versions.sh's TRAEFIK_VERSION is v3.");
        assertHas(KindFiles.controllerProblems(Rendered.traefikCluster(), newer), "versions.sh's TRAEFIK_VERSION is v3.7.0");
    }
}
