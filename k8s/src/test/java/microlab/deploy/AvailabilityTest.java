package microlab.deploy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

import java.util.List;

import static microlab.deploy.WiringTest.assertHas;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AvailabilityTest {

    @Test
    void theKindClusterSurvivesARollingRestartOfAnyService() {
        assertEquals(List.of(), Availability.problems(Rendered.kindCluster()));
    }

    @Test
    void oneReplicaOfAStatelessServiceIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.get(Deployment.class, "users-service").getSpec().setReplicas(1);

        assertHas(Availability.problems(cluster), "Deployment/users-service: 1 replica; a stateless service runs at least 2");
    }

    @Test
    void aMultiReplicaDeploymentWithoutABudgetOrWithARollThatDropsPodsIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.resources.removeIf(r -> r instanceof PodDisruptionBudget && r.getMetadata().getName().equals("gateway"));
        cluster.get(Deployment.class, "orders-service").getSpec().getStrategy().getRollingUpdate()
                .setMaxUnavailable(new IntOrString(1));
        cluster.get(PodDisruptionBudget.class, "consumer-service").getSpec().setMinAvailable(new IntOrString(2));

        List<String> problems = Availability.problems(cluster);

        assertHas(problems, "Deployment/gateway: 2 replicas and no PodDisruptionBudget");
        assertHas(problems, "Deployment/orders-service: rolling update maxUnavailable must be 0 (it is 1)");
        assertHas(problems, "Deployment/consumer-service: PodDisruptionBudget consumer-service must keep at least one of 2 replicas and let one go");
    }

    @Test
    void aGracePeriodNoLongerThanTheServicesOwnShutdownIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.workload("gateway").spec().setTerminationGracePeriodSeconds(20L);
        cluster.workload("forecast").container().setLifecycle(null);

        List<String> problems = Availability.problems(cluster);

        assertHas(problems, "Deployment/gateway: terminationGracePeriodSeconds 20 must exceed the preStop pause (5 s) plus the service's graceful shutdown (20 s)");
        assertHas(problems, "Deployment/forecast: needs a preStop sleep");
    }

    @Test
    void fsGroupOnTheDatabaseVolumeWithoutAChangePolicyIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.get(StatefulSet.class, "postgres").getSpec().getTemplate().getSpec().getSecurityContext()
                .setFsGroupChangePolicy(null);

        assertHas(Availability.problems(cluster), "StatefulSet/postgres: fsGroup on a persistent volume needs fsGroupChangePolicy OnRootMismatch");
    }

    @Test
    void anIngressThatCapsUploadsOrTimesOutBeforeTheGatewayIsReported() {
        Cluster nginx = Rendered.kindCluster();
        nginx.get(Ingress.class, "gateway").getSpec().setIngressClassName("nginx");
        Cluster impatient = Rendered.kindCluster();
        impatient.get(Ingress.class, "gateway").getMetadata().getAnnotations().put(Availability.RESPONSE_TIMEOUT, "30s");
        Cluster defaults = Rendered.kindCluster();
        defaults.get(Ingress.class, "gateway").getMetadata().getAnnotations().remove(Availability.RESPONSE_TIMEOUT);

        assertHas(Availability.problems(nginx), "Ingress gateway: class nginx caps request bodies at 1 MB");
        assertHas(Availability.problems(impatient), "response-timeout 30s must exceed the gateway's longest route timeout (30s)");
        assertHas(Availability.problems(defaults), "response-timeout missing; Envoy's default 15 s cuts the gateway's 30 s routes short");
    }
}
