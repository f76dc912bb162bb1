package microlab.deploy;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
}
