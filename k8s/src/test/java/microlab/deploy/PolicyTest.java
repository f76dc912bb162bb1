package microlab.deploy;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static microlab.deploy.WiringTest.assertHas;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PolicyTest {

    @Test
    void everyPodMeetsTheRestrictedProfileAndOnlyTheGatewayIsExposed() {
        assertEquals(List.of(), Policy.problems(Rendered.kindCluster()));
    }

    @Test
    void kindOverlayUsesTheLocallyBuiltImagesWithoutPulling() {
        assertEquals(List.of(), Policy.kindImages(Rendered.kindCluster(), "0.1.0"));
    }

    @Test
    void baseAloneIsNotForKindAndTheImageCheckSaysSo() {
        assertHas(Policy.kindImages(Cluster.of(Rendered.base()), "0.1.0"),
                "Deployment/users-service: image microlab/users-service needs a fixed tag");
    }

    @Test
    void namespaceWithoutTheRestrictedLabelIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.get(Namespace.class, "microlab").getMetadata().getLabels().put("pod-security.kubernetes.io/enforce", "baseline");

        assertHas(Policy.problems(cluster), "pod-security.kubernetes.io/enforce must be restricted");
    }

    @Test
    void rootUserIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.workload("redis").spec().getSecurityContext().setRunAsUser(0L);
        cluster.workload("redis").spec().getSecurityContext().setRunAsNonRoot(null);

        List<String> problems = Policy.problems(cluster);

        assertHas(problems, "Deployment/redis container redis: runAsNonRoot must be true");
        assertHas(problems, "Deployment/redis container redis: runAsUser must be a numeric non-root uid");
    }

    @Test
    void missingSeccompProfileIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.workload("postgres").spec().getSecurityContext().setSeccompProfile(null);

        assertHas(Policy.problems(cluster), "StatefulSet/postgres container postgres: seccompProfile must be RuntimeDefault");
    }

    @Test
    void keptCapabilitiesAndPrivilegeEscalationAreReported() {
        Cluster cluster = Rendered.kindCluster();
        var context = cluster.workload("gateway").container().getSecurityContext();
        context.getCapabilities().setDrop(List.of("NET_RAW"));
        context.setAllowPrivilegeEscalation(true);

        List<String> problems = Policy.problems(cluster);

        assertHas(problems, "Deployment/gateway container gateway: capabilities must drop ALL");
        assertHas(problems, "Deployment/gateway container gateway: allowPrivilegeEscalation must be false");
    }

    @Test
    void writableRootOrNoTmpIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.workload("client").container().getSecurityContext().setReadOnlyRootFilesystem(false);
        cluster.workload("forecast").container().getVolumeMounts().removeIf(m -> m.getMountPath().equals("/tmp"));

        List<String> problems = Policy.problems(cluster);

        assertHas(problems, "Deployment/client container client: readOnlyRootFilesystem must be true");
        assertHas(problems, "Deployment/forecast container forecast: needs an emptyDir on /tmp");
    }

    @Test
    void missingLimitsAndProbesAreReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.workload("users-service").container().getResources().getLimits().remove("memory");
        cluster.workload("redis").container().setLivenessProbe(null);
        cluster.workload("client").container().setStartupProbe(null);

        List<String> problems = Policy.problems(cluster);

        assertHas(problems, "Deployment/users-service container users-service: memory request and limit are both required");
        assertHas(problems, "Deployment/redis container redis: livenessProbe missing");
        assertHas(problems, "Deployment/client container client: startupProbe missing");
    }

    @Test
    void jvmWithTooLittleMemoryOrAFixedHeapIsReported() {
        Cluster cluster = Rendered.kindCluster();
        var resources = cluster.workload("consumer-service").container().getResources();
        resources.getLimits().put("memory", new Quantity("128Mi"));
        resources.getRequests().put("memory", new Quantity("128Mi"));
        cluster.get(io.fabric8.kubernetes.api.model.ConfigMap.class, "orders-service").getData().put("JAVA_OPTS", "-Xmx200m");

        List<String> problems = Policy.problems(cluster);

        assertHas(problems, "Deployment/consumer-service: memory limit 128Mi is too small for a JVM");
        assertHas(problems, "Deployment/orders-service: JAVA_OPTS must size the heap from the memory limit");
    }

    @Test
    void heapShareAboveTheImagesOwnIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.get(io.fabric8.kubernetes.api.model.ConfigMap.class, "forecast").getData()
                .put("JAVA_OPTS", "-XX:MaxRAMPercentage=75 -XX:+UseSerialGC");

        assertHas(Policy.problems(cluster),
                "Deployment/forecast: JAVA_OPTS gives the heap 75% of the memory limit, more than the 50% of forecast/src/image/settings.sh");
    }

    @Test
    void nodePortServiceIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.get(Service.class, "users-service").getSpec().setType("NodePort");

        assertHas(Policy.problems(cluster), "Service users-service: type NodePort, only ClusterIP is allowed");
    }

    @Test
    void ingressToABackendIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.get(Ingress.class, "gateway").getSpec().getRules().get(0).getHttp().getPaths().get(0)
                .getBackend().getService().setName("users-service");

        assertHas(Policy.problems(cluster), "Ingress gateway exposes users-service");
    }

    @Test
    void imagePulledOrUntaggedInTheKindOverlayIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.workload("gateway").container().setImagePullPolicy("Always");
        cluster.workload("orders-service").container().setImage("microlab/orders-service:latest");

        List<String> problems = Policy.kindImages(cluster, "0.1.0");

        assertHas(problems, "Deployment/gateway: imagePullPolicy Always");
        assertHas(problems, "Deployment/orders-service: image microlab/orders-service:latest needs a fixed tag");
    }
}
