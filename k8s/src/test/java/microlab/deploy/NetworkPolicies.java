package microlab.deploy;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

import java.util.List;
import java.util.Map;

/**
 * Kubernetes NetworkPolicy semantics over parsed manifests: a connection is allowed when the source may
 * send it (no policy selects the source for Egress, or one of the selecting policies has a matching egress
 * rule) and the destination may receive it (the same for Ingress). Peers are pod and namespace selectors;
 * ipBlock peers are refused by {@link #unsupported}, since pod addresses are not known here.
 */
final class NetworkPolicies {

    /** A pod somewhere: its namespace, the namespace's labels, its own labels and its container ports. */
    record Pod(String name, String namespace, Map<String, String> namespaceLabels, Map<String, String> labels,
               List<ContainerPort> ports) {

        @Override
        public String toString() {
            return name;
        }
    }

    private final List<NetworkPolicy> policies;

    NetworkPolicies(List<NetworkPolicy> policies) {
        this.policies = policies;
    }

    List<String> unsupported() {
        return policies.stream()
                .filter(p -> p.getSpec().getIngress().stream().anyMatch(r -> r.getFrom().stream().anyMatch(peer -> peer.getIpBlock() != null))
                        || p.getSpec().getEgress().stream().anyMatch(r -> r.getTo().stream().anyMatch(peer -> peer.getIpBlock() != null)))
                .map(p -> "NetworkPolicy " + p.getMetadata().getName() + ": ipBlock peers cannot be checked; use selectors")
                .toList();
    }

    boolean allows(Pod from, Pod to, int port, String protocol) {
        return egressAllowed(from, to, port, protocol) && ingressAllowed(from, to, port, protocol);
    }

    private boolean egressAllowed(Pod from, Pod to, int port, String protocol) {
        List<NetworkPolicy> selecting = policies.stream()
                .filter(p -> p.getMetadata().getNamespace().equals(from.namespace()))
                .filter(p -> types(p).contains("Egress"))
                .filter(p -> matches(p.getSpec().getPodSelector(), from.labels()))
                .toList();
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(p -> p.getSpec().getEgress().stream().map(rule ->
                        peersMatch(rule.getTo(), p.getMetadata().getNamespace(), to)
                                && portsMatch(rule.getPorts(), to, port, protocol)))
                .anyMatch(Boolean::booleanValue);
    }

    private boolean ingressAllowed(Pod from, Pod to, int port, String protocol) {
        List<NetworkPolicy> selecting = policies.stream()
                .filter(p -> p.getMetadata().getNamespace().equals(to.namespace()))
                .filter(p -> types(p).contains("Ingress"))
                .filter(p -> matches(p.getSpec().getPodSelector(), to.labels()))
                .toList();
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(p -> p.getSpec().getIngress().stream().map(rule ->
                        peersMatch(rule.getFrom(), p.getMetadata().getNamespace(), from)
                                && portsMatch(rule.getPorts(), to, port, protocol)))
                .anyMatch(Boolean::booleanValue);
    }

    /** policyTypes, or the API server's default: Ingress always, Egress when the policy has egress rules. */
    private static List<String> types(NetworkPolicy policy) {
        if (!policy.getSpec().getPolicyTypes().isEmpty()) {
            return policy.getSpec().getPolicyTypes();
        }
        return policy.getSpec().getEgress().isEmpty() ? List.of("Ingress") : List.of("Ingress", "Egress");
    }

    /** No peers means every peer; otherwise any one of them. */
    private static boolean peersMatch(List<NetworkPolicyPeer> peers, String policyNamespace, Pod pod) {
        if (peers.isEmpty()) {
            return true;
        }
        return peers.stream().anyMatch(peer -> {
            if (peer.getIpBlock() != null) {
                return false;
            }
            boolean namespaceOk = peer.getNamespaceSelector() == null
                    ? pod.namespace().equals(policyNamespace)
                    : matches(peer.getNamespaceSelector(), pod.namespaceLabels());
            boolean podOk = peer.getPodSelector() == null || matches(peer.getPodSelector(), pod.labels());
            return namespaceOk && podOk;
        });
    }

    /** No ports means every port; a named port is looked up on the destination pod. */
    private static boolean portsMatch(List<NetworkPolicyPort> ports, Pod to, int port, String protocol) {
        if (ports.isEmpty()) {
            return true;
        }
        return ports.stream().anyMatch(p -> {
            if (!Cluster.protocol(p.getProtocol()).equals(protocol)) {
                return false;
            }
            IntOrString value = p.getPort();
            if (value == null) {
                return true;
            }
            if (value.getStrVal() != null) {
                return to.ports().stream().anyMatch(cp -> value.getStrVal().equals(cp.getName())
                        && cp.getContainerPort() == port && Cluster.protocol(cp.getProtocol()).equals(protocol));
            }
            int first = value.getIntVal();
            int last = p.getEndPort() != null ? p.getEndPort() : first;
            return port >= first && port <= last;
        });
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        boolean plain = Cluster.labels(selector.getMatchLabels()).entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        return plain && selector.getMatchExpressions().stream().allMatch(e -> expression(e, labels));
    }

    private static boolean expression(LabelSelectorRequirement e, Map<String, String> labels) {
        String value = labels.get(e.getKey());
        return switch (e.getOperator()) {
            case "In" -> value != null && e.getValues().contains(value);
            case "NotIn" -> value == null || !e.getValues().contains(value);
            case "Exists" -> labels.containsKey(e.getKey());
            case "DoesNotExist" -> !labels.containsKey(e.getKey());
            default -> throw new IllegalArgumentException("unknown selector operator " + e.getOperator());
        };
    }
}
