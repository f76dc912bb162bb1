package microlab.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WiringTest {

    private static final Map<String, Integer> PORTS = Applications.ports();

    @Test
    void realManifestsAreWiredTogether() {
        assertEquals(List.of(), Wiring.problems(Rendered.kindCluster(), PORTS));
    }

    @Test
    void everyApplicationPortComesFromItsApplicationYml() {
        assertEquals(Map.of("gateway", 8080, "users-service", 8081, "orders-service", 8082,
                "consumer-service", 8083, "forecast", 8084), PORTS);
    }

    @Test
    void wrongContainerPortBreaksTheServiceAndTheProbes() {
        Cluster cluster = Rendered.kindCluster();
        cluster.workload("orders-service").container().getPorts().get(0).setContainerPort(8092);

        List<String> problems = Wiring.problems(cluster, PORTS);

        assertHas(problems, "application.yml says port 8082, the container declares [8092]");
        assertHas(problems, "Deployment/orders-service readinessProbe: probes port http (8092)");
    }

    @Test
    void serviceWhoseSelectorMatchesNoPodIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.get(Service.class, "redis").getSpec().setSelector(Map.of("app.kubernetes.io/name", "rediss"));

        assertHas(Wiring.problems(cluster, PORTS), "Service redis selects no pods");
    }

    @Test
    void serviceTargetPortMissingOnThePodIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.get(Service.class, "postgres").getSpec().getPorts().get(0).setTargetPort(new IntOrString("pg"));

        assertHas(Wiring.problems(cluster, PORTS), "Service postgres port 5432 -> target pg");
    }

    @Test
    void addressWithAWrongPortIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.get(ConfigMap.class, "gateway").getData().put("MICRONAUT_HTTP_SERVICES_ORDERS_URL", "http://orders-service:8083");

        assertHas(Wiring.problems(cluster, PORTS), "http://orders-service:8083 but Service orders-service listens on [8082]");
    }

    @Test
    void addressOfAServiceThatDoesNotExistIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.get(ConfigMap.class, "users-service").getData()
                .put("DATASOURCES_DEFAULT_URL", "jdbc:postgresql://postgresql:5432/users");

        assertHas(Wiring.problems(cluster, PORTS), "postgresql://postgresql:5432 names no Service");
    }

    @Test
    void addressInTheClientLoopIsChecked() {
        Cluster cluster = Rendered.kindCluster();
        var command = cluster.workload("client").container().getCommand();
        command.set(2, command.get(2).replace("users-service:8081", "users:8081"));

        assertHas(Wiring.problems(cluster, PORTS), "client command: http://users:8081 names no Service");
    }

    @Test
    void ingressBackendThatDoesNotExistIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.get(Ingress.class, "gateway").getSpec().getRules().get(0).getHttp().getPaths().get(0)
                .getBackend().getService().setName("gateway-service");

        assertHas(Wiring.problems(cluster, PORTS), "Ingress gateway backend gateway-service: no such Service");
    }

    @Test
    void volumeClaimThatDoesNotExistIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.workload("forecast").spec().getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
                .findFirst().orElseThrow().getPersistentVolumeClaim().setClaimName("forecast-data");

        assertHas(Wiring.problems(cluster, PORTS), "claims forecast-data, which does not exist");
    }

    @Test
    void missingSecretKeyIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.workload("orders-service").container().getEnv().get(0).getValueFrom().getSecretKeyRef().setKey("order");

        assertHas(Wiring.problems(cluster, PORTS), "needs Secret key database-passwords/order");
    }

    @Test
    void missingProbeIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.workload("consumer-service").container().setReadinessProbe(null);

        assertHas(Wiring.problems(cluster, PORTS), "Deployment/consumer-service readinessProbe: missing");
    }

    @Test
    void probeOnTheWrongPathIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.workload("gateway").container().getLivenessProbe().getHttpGet().setPath("/health");

        assertHas(Wiring.problems(cluster, PORTS), "Deployment/gateway livenessProbe: path /health, expected /health/liveness");
    }

    @Test
    void applicationListeningElsewhereThanTheManifestsSayIsReported() {
        Map<String, Integer> ports = new HashMap<>(PORTS);
        ports.put("forecast", 8085);

        List<String> problems = Wiring.problems(Rendered.kindCluster(), ports);

        assertHas(problems, "Deployment/forecast: application.yml says port 8085");
        assertHas(problems, "Deployment/forecast startupProbe: probes port http (8084), the application listens on 8085");
    }

    static void assertHas(List<String> problems, String expected) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                () -> "expected a problem containing \"" + expected + "\" but got:\n" + String.join("\n", problems));
    }
}
