package microlab.deploy;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static microlab.deploy.WiringTest.assertHas;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kind-config.yaml and kind-up.sh cannot run here; these keep them in step with the manifests. */
class KindFilesTest {

    @Test
    @SuppressWarnings("unchecked")
    void kindNodeTakesPorts80And443AndIsReadyForTheIngressController() {
        Map<String, Object> config = new Yaml().load(Repository.read(Repository.K8S.resolve("kind-config.yaml")));
        Map<String, Object> node = ((List<Map<String, Object>>) config.get("nodes")).get(0);

        assertEquals(Map.of("ingress-ready", "true"), node.get("labels"));
        List<Map<String, Object>> mappings = (List<Map<String, Object>>) node.get("extraPortMappings");
        assertEquals(List.of(80, 443), mappings.stream().map(m -> m.get("containerPort")).toList());
        assertEquals(List.of(80, 443), mappings.stream().map(m -> m.get("hostPort")).toList());
    }

    @Test
    void kindUpBuildsEveryApplicationImageWithTheOverlayTag() {
        String script = Repository.read(Repository.K8S.resolve("kind-up.sh"));
        Matcher modules = Pattern.compile("MODULES=\\(([^)]*)\\)").matcher(script);
        assertTrue(modules.find(), "kind-up.sh lists its MODULES");
        assertEquals(Applications.NAMES, List.of(modules.group(1).trim().split("\\s+")));
        assertTrue(script.contains("VERSION=0.1.0") && script.contains("image=\"microlab/$module:$VERSION\""),
                "kind-up.sh tags images microlab/<module>:0.1.0 like the kind overlay");
        assertEquals(List.of(), Policy.kindImages(Rendered.kindCluster(), "0.1.0"));
    }

    @Test
    void kindUpWaitsForEveryWorkloadOfTheOverlay() {
        String script = Repository.read(Repository.K8S.resolve("kind-up.sh"));
        for (Cluster.Workload workload : Rendered.kindCluster().workloads()) {
            boolean waited = workload.kind().equals("StatefulSet")
                    ? script.contains("rollout status statefulset/" + workload.name())
                    : Pattern.compile("for deployment in [^;]*\\b" + Pattern.quote(workload.name()) + "\\b").matcher(script).find();
            assertTrue(waited, "kind-up.sh waits for " + workload.id());
        }
    }

    @Test
    void theKindFilesPinTheirVersionsTagByContentAndWait() {
        assertEquals(List.of(), KindFiles.configProblems(Repository.read(Repository.K8S.resolve("kind-config.yaml"))));
        assertEquals(List.of(), KindFiles.scriptProblems(Repository.read(Repository.K8S.resolve("kind-up.sh"))));
    }

    @Test
    void anUnpinnedNodeImageOrAHostPortOnEveryInterfaceIsReported() {
        String config = Repository.read(Repository.K8S.resolve("kind-config.yaml"));
        String unpinned = config.replaceAll("image: kindest/node:\\S+", "image: kindest/node:v1.33.1");
        String open = config.replace("        listenAddress: \"127.0.0.1\"\n", "");

        assertHas(KindFiles.configProblems(unpinned), "node control-plane: image kindest/node:v1.33.1 must be pinned");
        assertHas(KindFiles.configProblems(open), "host port 80 listens on every interface, not on loopback");
    }

    @Test
    void aFixedTagAnUnpinnedControllerOrAMissingWaitIsReported() {
        String script = Repository.read(Repository.K8S.resolve("kind-up.sh"));

        assertHas(KindFiles.scriptProblems(script.replace("{{.Id}}", "{{.RepoTags}}")), "images must be tagged by content");
        assertHas(KindFiles.scriptProblems(script.replace("/$CONTOUR_VERSION/", "/release-1.33/")),
                "the default controller manifest must be the one of CONTOUR_VERSION");
        assertHas(KindFiles.scriptProblems(script.replaceAll("(?m)^CONTOUR_VERSION=.*$", "CONTOUR_VERSION=main")),
                "CONTOUR_VERSION must pin a release");
        assertHas(KindFiles.scriptProblems(script.replace("wait --for=condition=complete job --all", "get jobs")),
                "must wait for the controller's jobs");
        assertHas(KindFiles.scriptProblems(script.replace("curl -fsS -o /dev/null --max-time 2 http://localhost/health/readiness", "true")),
                "must poll the Ingress");
        assertHas(KindFiles.scriptProblems(script.replace("if grep -qx \"$CLUSTER\" <<<\"$clusters\"; then",
                "if kind get clusters | grep -qx \"$CLUSTER\"; then")), "can fail under pipefail");
        assertHas(KindFiles.scriptProblems(script.replace("if ! k apply -k \"$BUILD_OVERLAY\"; then", "if false; then")),
                "must retry a refused apply once");
    }
}
