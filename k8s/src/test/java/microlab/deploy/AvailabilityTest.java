package microlab.deploy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static microlab.deploy.WiringTest.assertHas;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void aPauseShorterThanTheGatewaysConnectionsLiveIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.workload("users-service").container().getLifecycle().getPreStop().getSleep().setSeconds(8L);

        assertHas(Availability.problems(cluster), "Deployment/users-service: preStop pause 8 s is shorter than gateway's connection max age (4 s, gateway.backend-connection-max-age) plus 5 s");
        assertHas(Availability.problems(cluster), "Deployment/users-service: preStop pause 8 s is shorter than orders-service's connection max age (4 s, micronaut.http.services.users.connect-ttl) plus 5 s");
        assertTrue(Availability.problems(Rendered.kindCluster()).isEmpty(), "the shipped pauses cover it");
    }

    @Test
    void fsGroupOnTheDatabaseVolumeWithoutAChangePolicyIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.get(StatefulSet.class, "postgres").getSpec().getTemplate().getSpec().getSecurityContext()
                .setFsGroupChangePolicy(null);

        assertHas(Availability.problems(cluster), "StatefulSet/postgres: fsGroup on a persistent volume needs fsGroupChangePolicy OnRootMismatch");
    }

    @Test
    void anIngressOfAnotherClassOrThroughAMiddlewareIsReported() {
        Cluster nginx = Rendered.kindCluster();
        nginx.get(Ingress.class, "gateway").getSpec().setIngressClassName("nginx");
        Cluster contour = Rendered.kindCluster();
        contour.get(Ingress.class, "gateway").getSpec().setIngressClassName("contour");
        Cluster buffered = Rendered.kindCluster();
        buffered.get(Ingress.class, "gateway").getMetadata()
                .setAnnotations(Map.of(Availability.MIDDLEWARES, "microlab-buffering@kubernetescrd"));

        assertHas(Availability.problems(nginx), "Ingress gateway: class nginx caps request bodies at 1 MB");
        assertHas(Availability.problems(contour), "Ingress gateway: ingressClassName must be traefik (the controller kind-up.sh installs), not contour");
        assertHas(Availability.problems(buffered), "Ingress gateway: " + Availability.MIDDLEWARES + " puts middlewares (microlab-buffering@kubernetescrd) before the gateway");
    }

    @Test
    void theIngressControllerServesTheClassAndNeitherCapsUploadsNorTimesOutBeforeTheGateway() {
        assertEquals(List.of(), Availability.controllerProblems(Rendered.traefikCluster()));
    }

    @Test
    void anIngressControllerThatTimesOutFirstRunsAMiddlewareOrLacksTheClassIsReported() {
        Cluster impatient = traefikWith("--serversTransport.forwardingTimeouts.responseHeaderTimeout=15s");
        Cluster slowWriter = traefikWith("--entryPoints.web.transport.respondingTimeouts.writeTimeout=30s");
        Cluster slowReader = traefikWith("--entrypoints.web.transport.respondingtimeouts.readtimeout=1m30s");
        Cluster buffered = traefikWith("--entryPoints.web.http.middlewares=microlab-buffering@kubernetescrd");
        Cluster classless = Rendered.traefikCluster();
        classless.resources.removeIf(r -> r instanceof IngressClass);

        assertHas(Availability.controllerProblems(impatient), "k8s/traefik Deployment/traefik: serverstransport.forwardingtimeouts.responseheadertimeout 15s"
                + " must be unset (no timeout) or at least the gateway's longest route timeout (30 s) plus 5 s");
        assertHas(Availability.controllerProblems(slowWriter), "entrypoints.web.transport.respondingtimeouts.writetimeout 30s must be unset");
        assertEquals(List.of(), Availability.controllerProblems(slowReader), "90 s is long enough");
        assertHas(Availability.controllerProblems(buffered), "--entrypoints.web.http.middlewares=microlab-buffering@kubernetescrd puts middlewares before the gateway");
        assertHas(Availability.controllerProblems(classless), "k8s/traefik: no IngressClass traefik");
    }

    @Test
    void traefiksDefaultReadTimeoutCountsAgainstALongerGatewayRoute() {
        assertHas(Availability.controllerProblems(Rendered.traefikCluster(), Duration.ofMinutes(1)),
                "entrypoints.web.transport.respondingtimeouts.readtimeout 60s (the default) must be unset (no timeout)"
                        + " or at least the gateway's longest route timeout (60 s) plus 5 s");
    }

    /** k8s/traefik with one more argument to its container. */
    private static Cluster traefikWith(String arg) {
        Cluster traefik = Rendered.traefikCluster();
        traefik.get(Deployment.class, "traefik").getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().add(arg);
        return traefik;
    }
}
