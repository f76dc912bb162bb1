package microlab.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static microlab.deploy.WiringTest.assertHas;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkPolicyTest {

    @Test
    void policiesAllowExactlyTheConnectionsTheConfigurationImplies() {
        assertEquals(List.of(), new Connections(Rendered.kindCluster()).problems());
    }

    @Test
    void everyImpliedConnectionIsFoundFromTheConfiguration() {
        List<String> implied = new Connections(Rendered.kindCluster()).implied().stream()
                .filter(f -> f.port() != 53).map(f -> f.from() + " -> " + f.to() + ":" + f.port()).distinct().sorted()
                .toList();

        assertEquals(List.of(
                "client -> users-service:8081",
                "consumer-service -> users-service:8081",
                "forecast -> postgres:5432",
                "forecast -> redis:6379",
                "gateway -> consumer-service:8083",
                "gateway -> forecast:8084",
                "gateway -> orders-service:8082",
                "gateway -> redis:6379",
                "gateway -> users-service:8081",
                "orders-service -> postgres:5432",
                "orders-service -> users-service:8081",
                "traefik -> gateway:8080",
                "users-service -> postgres:5432",
                "users-service -> redis:6379"), implied);
    }

    @Test
    void theIngressControllerIsThePodsOfK8sTraefik() {
        assertEquals(List.of(), Connections.controllerProblems(Rendered.traefikCluster()));

        Cluster relabelled = Rendered.traefikCluster();
        relabelled.get(Deployment.class, "traefik").getSpec().getTemplate().getMetadata().getLabels()
                .put("app.kubernetes.io/name", "traefik-proxy");
        Cluster moved = Rendered.traefikCluster();
        moved.get(Deployment.class, "traefik").getMetadata().setNamespace("ingress");

        assertHas(Connections.controllerProblems(relabelled), "no ingress controller pods in namespace traefik");
        assertHas(Connections.controllerProblems(moved), "no ingress controller pods in namespace traefik");
    }

    @Test
    void consumerServiceCannotReachPostgres() {
        Connections connections = new Connections(Rendered.kindCluster());
        assertFalse(connections.policies.allows(connections.pod("consumer-service"), connections.pod("postgres"), 5432, "TCP"));
    }

    @Test
    void clientCannotReachOrdersService() {
        Connections connections = new Connections(Rendered.kindCluster());
        assertFalse(connections.policies.allows(connections.pod("client"), connections.pod("orders-service"), 8082, "TCP"));
    }

    @Test
    void clientReachesUsersServiceAndEveryPodReachesDns() {
        Connections connections = new Connections(Rendered.kindCluster());
        assertTrue(connections.policies.allows(connections.pod("client"), connections.pod("users-service"), 8081, "TCP"));
        for (Cluster.Workload workload : Rendered.kindCluster().workloads()) {
            assertTrue(connections.policies.allows(connections.pod(workload), Connections.DNS, 53, "UDP"), workload.id());
        }
    }

    @Test
    void nothingReachesTheBackendsFromOutsideOrLeavesTheNamespace() {
        Connections connections = new Connections(Rendered.kindCluster());
        assertFalse(connections.policies.allows(Connections.INGRESS_CONTROLLER, connections.pod("users-service"), 8081, "TCP"));
        assertFalse(connections.policies.allows(Connections.ELSEWHERE, connections.pod("gateway"), 8080, "TCP"));
        assertFalse(connections.policies.allows(connections.pod("forecast"), Connections.ELSEWHERE, 443, "TCP"));
    }

    @Test
    void policyThatDropsANeededCallIsReported() {
        Cluster cluster = Rendered.kindCluster();
        List<NetworkPolicyEgressRule> egress = cluster.get(NetworkPolicy.class, "orders-service").getSpec().getEgress();
        egress.removeIf(rule -> rule.getTo().get(0).getPodSelector().getMatchLabels()
                .containsValue("users-service"));

        assertHas(new Connections(cluster).problems(), "blocked but needed: orders-service -> users-service:8081/TCP");
    }

    @Test
    void ingressRuleOnTheWrongPortIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.get(NetworkPolicy.class, "redis").getSpec().getIngress().get(0).getPorts().get(0)
                .setPort(new io.fabric8.kubernetes.api.model.IntOrString(6380));

        assertHas(new Connections(cluster).problems(), "blocked but needed: gateway -> redis:6379/TCP");
    }

    @Test
    void missingDnsPolicyIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.resources.removeIf(r -> r.getMetadata().getName().equals("allow-dns") && r instanceof NetworkPolicy);

        assertHas(new Connections(cluster).problems(), "blocked but needed: client -> kube-dns:53/UDP (DNS)");
    }

    @Test
    void newAddressInTheConfigurationWithoutAPolicyIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.get(ConfigMap.class, "consumer-service").getData().put("REDIS_URI", "redis://redis:6379");

        assertHas(new Connections(cluster).problems(), "blocked but needed: consumer-service -> redis:6379/TCP");
    }

    @Test
    void policyThatAllowsMoreThanNeededIsReported() {
        Cluster cluster = Rendered.kindCluster();
        cluster.get(NetworkPolicy.class, "client").getSpec().getEgress().add(new NetworkPolicyEgressRule());
        cluster.get(NetworkPolicy.class, "orders-service").getSpec().getIngress().get(0).getFrom()
                .add(new NetworkPolicyPeerBuilder().withNewPodSelector()
                        .addToMatchLabels("app.kubernetes.io/name", "client").endPodSelector().build());

        List<String> problems = new Connections(cluster).problems();

        assertHas(problems, "allowed but nothing needs it: client -> orders-service:8082/TCP");
        assertHas(problems, "allowed but nothing needs it: client -> elsewhere:443/TCP");
    }

    @Test
    void withoutPoliciesTheCheckFailsInsteadOfPassingVacuously() {
        Cluster cluster = Rendered.kindCluster();
        cluster.resources.removeIf(r -> r instanceof NetworkPolicy);

        assertHas(new Connections(cluster).problems(), "no NetworkPolicy");
    }

    @Test
    void defaultDenyAloneBlocksEveryNeededCall() {
        Cluster cluster = Rendered.kindCluster();
        cluster.resources.removeIf(r -> r instanceof NetworkPolicy && !r.getMetadata().getName().equals("default-deny"));

        List<String> problems = new Connections(cluster).problems();

        assertHas(problems, "blocked but needed: traefik -> gateway:8080/TCP (Ingress gateway)");
        assertHas(problems, "blocked but needed: users-service -> postgres:5432/TCP");
    }
}
