package microlab.deploy;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Gateway API component: the Ingress's routing as a Gateway and an HTTPRoute, in place of the Ingress. */
class GatewayApiTest {

    @Test
    @SuppressWarnings("unchecked")
    void theOverlayRoutesEverythingToTheGatewayServiceInsteadOfTheIngress() {
        List<Map<String, Object>> resources = new ArrayList<>();
        for (Object document : new Yaml().loadAll(Tool.kustomize(Repository.K8S.resolve("overlays/kind-gateway-api")))) {
            resources.add((Map<String, Object>) document);
        }
        List<String> kinds = resources.stream().map(r -> (String) r.get("kind")).toList();
        assertTrue(!kinds.contains("Ingress") && kinds.contains("Gateway") && kinds.contains("HTTPRoute"), kinds.toString());

        Map<String, Object> route = resources.stream().filter(r -> r.get("kind").equals("HTTPRoute")).findFirst().orElseThrow();
        Map<String, Object> spec = (Map<String, Object>) route.get("spec");
        assertEquals("microlab", ((Map<String, Object>) route.get("metadata")).get("namespace"));
        assertEquals("microlab", ((List<Map<String, Object>>) spec.get("parentRefs")).get(0).get("name"));
        Map<String, Object> rule = ((List<Map<String, Object>>) spec.get("rules")).get(0);
        assertEquals(Map.of("path", Map.of("type", "PathPrefix", "value", "/")), ((List<Object>) rule.get("matches")).get(0));
        assertEquals(List.of(Map.of("name", "gateway", "port", Applications.ports().get("gateway"))), rule.get("backendRefs"));
        Duration request = Applications.duration((String) ((Map<String, Object>) rule.get("timeouts")).get("request"));
        assertTrue(request.compareTo(Applications.longestGatewayRoute()) > 0,
                "the route's timeout " + request + " must exceed the gateway's longest route " + Applications.longestGatewayRoute());
    }
}
