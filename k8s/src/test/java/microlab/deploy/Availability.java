package microlab.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What keeps the system answering while pods come and go: two replicas of every stateless service,
 * rolled one at a time and guarded by a disruption budget; a pre-stop pause and a termination grace
 * period longer than the service's own shutdown; volumes whose ownership survives a storage class that
 * honours fsGroup; and an ingress that neither caps uploads nor times out before the gateway does.
 */
final class Availability {

    /** The stateless services; forecast keeps its state on a ReadWriteOnce volume and runs alone. */
    static final List<String> SCALED = List.of("gateway", "users-service", "orders-service", "consumer-service");
    /** What the Ingress may be served by: Contour's Envoy streams bodies with no size cap. */
    static final String INGRESS_CLASS = "contour";
    static final String RESPONSE_TIMEOUT = "projectcontour.io/response-timeout";

    private Availability() {
    }

    static List<String> problems(Cluster cluster) {
        List<String> problems = new ArrayList<>();
        Map<String, Duration> grace = Applications.gracePeriods();
        for (Deployment deployment : cluster.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            int replicas = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
            if (SCALED.contains(name) && replicas < 2) {
                problems.add("Deployment/" + name + ": " + replicas + " replica; a stateless service runs at least 2");
            }
            if (replicas >= 2) {
                rollout(deployment, problems);
                budget(cluster, deployment, replicas, problems);
            }
        }
        for (Cluster.Workload workload : cluster.workloads()) {
            if (Applications.NAMES.contains(workload.name())) {
                shutdown(workload, grace.get(workload.name()), problems);
            }
            volumeOwnership(workload, problems);
        }
        for (Ingress ingress : cluster.all(Ingress.class)) {
            edge(ingress, problems);
        }
        return problems;
    }

    /** A rollout starts a new pod before it stops an old one. */
    private static void rollout(Deployment deployment, List<String> problems) {
        String id = "Deployment/" + deployment.getMetadata().getName();
        DeploymentStrategy strategy = deployment.getSpec().getStrategy();
        if (strategy == null || !"RollingUpdate".equals(strategy.getType()) || strategy.getRollingUpdate() == null) {
            problems.add(id + ": needs strategy RollingUpdate with maxUnavailable 0");
            return;
        }
        IntOrString unavailable = strategy.getRollingUpdate().getMaxUnavailable();
        if (unavailable == null || !isZero(unavailable)) {
            problems.add(id + ": rolling update maxUnavailable must be 0 (it is " + (unavailable == null ? "the default 25%" : text(unavailable)) + ")");
        }
    }

    /** A drain may take one replica, never all: a budget selects the pods and keeps at least one. */
    private static void budget(Cluster cluster, Deployment deployment, int replicas, List<String> problems) {
        String id = "Deployment/" + deployment.getMetadata().getName();
        Map<String, String> podLabels = Cluster.labels(deployment.getSpec().getTemplate().getMetadata().getLabels());
        Optional<PodDisruptionBudget> budget = cluster.all(PodDisruptionBudget.class).stream()
                .filter(pdb -> pdb.getSpec().getSelector() != null && pdb.getSpec().getSelector().getMatchLabels() != null
                        && podLabels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()))
                .findFirst();
        if (budget.isEmpty()) {
            problems.add(id + ": " + replicas + " replicas and no PodDisruptionBudget");
            return;
        }
        IntOrString min = budget.get().getSpec().getMinAvailable();
        IntOrString max = budget.get().getSpec().getMaxUnavailable();
        boolean keepsOne = (min != null && min.getIntVal() != null && min.getIntVal() >= 1 && min.getIntVal() < replicas)
                || (max != null && max.getIntVal() != null && max.getIntVal() >= 1 && max.getIntVal() < replicas);
        if (!keepsOne) {
            problems.add(id + ": PodDisruptionBudget " + budget.get().getMetadata().getName()
                    + " must keep at least one of " + replicas + " replicas and let one go");
        }
    }

    /**
     * SIGTERM comes after the pre-stop pause, and the kubelet kills at the grace period: the pause plus
     * the service's own graceful shutdown must fit inside it, with room to spare.
     */
    private static void shutdown(Cluster.Workload workload, Duration appGrace, List<String> problems) {
        Container c = workload.container();
        long pause = Optional.ofNullable(c.getLifecycle()).map(l -> l.getPreStop())
                .map(p -> p.getSleep() == null ? null : p.getSleep().getSeconds()).orElse(-1L);
        if (pause < 1) {
            problems.add(workload.id() + ": needs a preStop sleep, so endpoints drop the pod before it stops serving");
            pause = 0;
        }
        long period = Optional.ofNullable(workload.spec().getTerminationGracePeriodSeconds()).orElse(30L);
        long needed = pause + appGrace.toSeconds();
        if (period <= needed) {
            problems.add(workload.id() + ": terminationGracePeriodSeconds " + period + " must exceed the preStop pause ("
                    + pause + " s) plus the service's graceful shutdown (" + appGrace.toSeconds() + " s)");
        }
    }

    /** fsGroup on a persistent volume re-applies group write on every mount unless told to stop at the root. */
    private static void volumeOwnership(Cluster.Workload workload, List<String> problems) {
        boolean persistent = !workload.claimTemplates().isEmpty()
                || workload.spec().getVolumes().stream().anyMatch(v -> v.getPersistentVolumeClaim() != null);
        PodSecurityContext pod = workload.spec().getSecurityContext();
        if (persistent && pod != null && pod.getFsGroup() != null && !"OnRootMismatch".equals(pod.getFsGroupChangePolicy())) {
            problems.add(workload.id() + ": fsGroup on a persistent volume needs fsGroupChangePolicy OnRootMismatch");
        }
    }

    /** The ingress passes what the gateway accepts, and waits longer than the gateway's longest route. */
    private static void edge(Ingress ingress, List<String> problems) {
        String id = "Ingress " + ingress.getMetadata().getName();
        String type = ingress.getSpec().getIngressClassName();
        Map<String, String> annotations = Cluster.labels(ingress.getMetadata().getAnnotations());
        if ("nginx".equals(type)) {
            problems.add(id + ": class nginx caps request bodies at 1 MB unless proxy-body-size says otherwise, and its"
                    + " controller (ingress-nginx) is retired; use " + INGRESS_CLASS);
        } else if (!INGRESS_CLASS.equals(type)) {
            problems.add(id + ": ingressClassName must be " + INGRESS_CLASS + " (the controller kind-up.sh installs), not " + type);
        }
        Duration longest = Applications.longestGatewayRoute();
        String timeout = annotations.get(RESPONSE_TIMEOUT);
        if (timeout == null) {
            problems.add(id + ": " + RESPONSE_TIMEOUT + " missing; Envoy's default 15 s cuts the gateway's "
                    + longest.toSeconds() + " s routes short");
        } else if (Applications.duration(timeout).compareTo(longest) <= 0) {
            problems.add(id + ": " + RESPONSE_TIMEOUT + " " + timeout + " must exceed the gateway's longest route timeout ("
                    + longest.toSeconds() + "s)");
        }
    }

    private static boolean isZero(IntOrString value) {
        return value.getIntVal() != null ? value.getIntVal() == 0 : "0%".equals(value.getStrVal());
    }

    private static String text(IntOrString value) {
        return value.getIntVal() != null ? value.getIntVal().toString() : value.getStrVal();
    }
}
