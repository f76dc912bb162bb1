package microlab.deploy;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The connections the configuration implies (every address in env, ConfigMaps and command lines; DNS for
 * every pod; the ingress controller to each Ingress backend), checked against the network policies both
 * ways: each of them must be allowed, and every other pod-to-pod connection inside the namespace, and
 * every connection out of it, must be denied.
 */
final class Connections {

    /** One TCP or UDP flow from a pod to a pod port. */
    record Flow(NetworkPolicies.Pod from, NetworkPolicies.Pod to, int port, String protocol, String because) {

        @Override
        public String toString() {
            return from + " -> " + to + ":" + port + "/" + protocol + (because.isEmpty() ? "" : " (" + because + ")");
        }

        boolean sameAs(Flow other) {
            return from.name().equals(other.from.name()) && to.name().equals(other.to.name()) && port == other.port
                    && protocol.equals(other.protocol);
        }
    }

    /** The ingress controller: the Traefik pods of k8s/traefik (kind-up.sh), held to that file by {@link #controllerProblems}. */
    static final NetworkPolicies.Pod INGRESS_CONTROLLER = new NetworkPolicies.Pod("traefik",
            "traefik", Map.of("kubernetes.io/metadata.name", "traefik"),
            Map.of("app.kubernetes.io/name", "traefik"),
            List.of(port("web", 80, "TCP")));

    /** CoreDNS as kubeadm (and so kind) labels it. */
    static final NetworkPolicies.Pod DNS = new NetworkPolicies.Pod("kube-dns", "kube-system",
            Map.of("kubernetes.io/metadata.name", "kube-system"), Map.of("k8s-app", "kube-dns"),
            List.of(port("dns", 53, "UDP"), port("dns-tcp", 53, "TCP")));

    /** Anything outside the cluster's known pods: the internet, another team's namespace. */
    static final NetworkPolicies.Pod ELSEWHERE = new NetworkPolicies.Pod("elsewhere", "elsewhere",
            Map.of("kubernetes.io/metadata.name", "elsewhere"), Map.of("app", "unrelated"),
            List.of(port("https", 443, "TCP"), port("postgres", 5432, "TCP")));

    private final Cluster cluster;
    final NetworkPolicies policies;

    Connections(Cluster cluster) {
        this.cluster = cluster;
        this.policies = new NetworkPolicies(cluster.all(NetworkPolicy.class));
    }

    NetworkPolicies.Pod pod(Cluster.Workload workload) {
        List<ContainerPort> ports = workload.spec().getContainers().stream().flatMap(c -> c.getPorts().stream()).toList();
        return new NetworkPolicies.Pod(workload.name(), workload.namespace(), cluster.namespaceLabels(workload.namespace()),
                workload.podLabels(), ports);
    }

    NetworkPolicies.Pod pod(String workload) {
        return pod(cluster.workload(workload));
    }

    List<Flow> implied() {
        List<Flow> flows = new ArrayList<>();
        for (Cluster.Workload workload : cluster.workloads()) {
            NetworkPolicies.Pod from = pod(workload);
            flows.add(new Flow(from, DNS, 53, "UDP", "DNS"));
            flows.add(new Flow(from, DNS, 53, "TCP", "DNS"));
            for (Cluster.Url url : cluster.urls(workload)) {
                Optional<Service> service = cluster.serviceFor(url.host(), workload.namespace());
                if (service.isEmpty() || url.port() == null) {
                    continue;
                }
                flows.addAll(toService(from, service.get(), url.port(), url.foundIn() + " " + url.text()));
            }
        }
        for (Ingress ingress : cluster.all(Ingress.class)) {
            for (var backend : Wiring.backends(ingress)) {
                cluster.find(Service.class, backend.getName()).ifPresent(service -> service.getSpec().getPorts().stream()
                        .filter(p -> backend.getPort().getName() != null ? backend.getPort().getName().equals(p.getName())
                                : backend.getPort().getNumber().equals(p.getPort()))
                        .forEach(p -> flows.addAll(toService(INGRESS_CONTROLLER, service, p.getPort(),
                                "Ingress " + ingress.getMetadata().getName()))));
            }
        }
        return flows;
    }

    private List<Flow> toService(NetworkPolicies.Pod from, Service service, int servicePort, String because) {
        List<Flow> flows = new ArrayList<>();
        for (ServicePort port : service.getSpec().getPorts()) {
            if (port.getPort() != servicePort) {
                continue;
            }
            for (Cluster.Workload target : cluster.selectedBy(service)) {
                Cluster.targetOf(port, target).ifPresent(cp -> flows.add(new Flow(from, pod(target),
                        cp.getContainerPort(), Cluster.protocol(cp.getProtocol()), because)));
            }
        }
        return flows;
    }

    /** Every flow the policies should stop: to any pod port in the namespace that nothing needs, and out of it. */
    List<Flow> unneeded() {
        List<Flow> implied = implied();
        List<NetworkPolicies.Pod> sources = new ArrayList<>();
        cluster.workloads().forEach(w -> sources.add(pod(w)));
        List<NetworkPolicies.Pod> targets = new ArrayList<>(sources);
        sources.add(INGRESS_CONTROLLER);
        sources.add(ELSEWHERE);
        targets.add(ELSEWHERE);
        Set<String> seen = new LinkedHashSet<>();
        List<Flow> flows = new ArrayList<>();
        for (NetworkPolicies.Pod from : sources) {
            for (NetworkPolicies.Pod to : targets) {
                // a pod reaching itself is never subject to policy, and traffic between two outsiders is not ours
                if (from.name().equals(to.name()) || !Policy.NAMESPACE.equals(from.namespace())
                        && !Policy.NAMESPACE.equals(to.namespace())) {
                    continue;
                }
                for (ContainerPort port : to.ports()) {
                    Flow flow = new Flow(from, to, port.getContainerPort(), Cluster.protocol(port.getProtocol()), "");
                    if (implied.stream().noneMatch(flow::sameAs) && seen.add(flow.toString())) {
                        flows.add(flow);
                    }
                }
            }
        }
        return flows;
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>(policies.unsupported());
        if (cluster.all(NetworkPolicy.class).isEmpty()) {
            problems.add("no NetworkPolicy: every pod can reach every other");
            return problems;
        }
        for (Flow flow : implied()) {
            if (!policies.allows(flow.from(), flow.to(), flow.port(), flow.protocol())) {
                problems.add("blocked but needed: " + flow);
            }
        }
        for (Flow flow : unneeded()) {
            if (policies.allows(flow.from(), flow.to(), flow.port(), flow.protocol())) {
                problems.add("allowed but nothing needs it: " + flow);
            }
        }
        return problems;
    }

    /** The controller's manifest runs pods where {@link #INGRESS_CONTROLLER} says, so the policies admit the real ones. */
    static List<String> controllerProblems(Cluster controller) {
        boolean runs = controller.workloads().stream()
                .anyMatch(w -> w.namespace().equals(INGRESS_CONTROLLER.namespace())
                        && w.podLabels().entrySet().containsAll(INGRESS_CONTROLLER.labels().entrySet()));
        return runs ? List.of() : List.of("no ingress controller pods in namespace " + INGRESS_CONTROLLER.namespace()
                + " labelled " + INGRESS_CONTROLLER.labels() + ": the gateway's network policy admits those alone");
    }

    private static ContainerPort port(String name, int number, String protocol) {
        return new ContainerPortBuilder().withName(name).withContainerPort(number).withProtocol(protocol).build();
    }
}
