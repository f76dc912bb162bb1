package microlab.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What keeps the system answering while pods come and go: two replicas of every stateless service,
 * rolled one at a time and guarded by a disruption budget; a pre-stop pause and a termination grace
 * period longer than the service's own shutdown; volumes whose ownership survives a storage class that
 * honours fsGroup; and an ingress (and its controller, k8s/traefik) that neither caps uploads nor times
 * out before the gateway does.
 */
final class Availability {

    /** The stateless services; forecast keeps its state on a ReadWriteOnce volume and runs alone. */
    static final List<String> SCALED = List.of("gateway", "users-service", "orders-service", "consumer-service");
    /** What the Ingress may be served by: Traefik (k8s/traefik) streams bodies with no size cap. */
    static final String INGRESS_CLASS = "traefik";
    /** Attaches Traefik middlewares to the Ingress's router; a buffering middleware is how Traefik caps a body. */
    static final String MIDDLEWARES = "traefik.ingress.kubernetes.io/router.middlewares";
    /** How long past the gateway's longest route timeout the controller waits, so the gateway's 504 gets through. */
    static final Duration EDGE_MARGIN = Duration.ofSeconds(5);
    /** Room for an endpoint change to reach kube-proxy on a busy two-core node. */
    static final Duration ENDPOINT_SPREAD = Duration.ofSeconds(5);
    /**
     * Traefik's arguments that can cut a request short, in lower case (Traefik reads them case-insensitively),
     * and what each is when not given: no response-header timeout on a backend, and on each entry point no
     * write timeout and (since v2.11.2) a read timeout of 60 s. Dial and idle-connection timeouts are left
     * out: they never end a request a backend has taken.
     */
    private static final String RESPONSE_HEADER_TIMEOUT = "serverstransport.forwardingtimeouts.responseheadertimeout";
    private static final String READ_TIMEOUT = "entrypoints.%s.transport.respondingtimeouts.readtimeout";
    private static final String WRITE_TIMEOUT = "entrypoints.%s.transport.respondingtimeouts.writetimeout";
    private static final Pattern ENTRY_POINT = Pattern.compile("entrypoints\\.([^.]+)\\.address");
    private static final Pattern ENTRY_POINT_MIDDLEWARES = Pattern.compile("entrypoints\\.[^.]+\\.http\\.middlewares");
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+)(h|ms|m|s)");

    private Availability() {
    }

    static List<String> problems(Cluster cluster) {
        List<String> problems = new ArrayList<>();
        Map<String, Duration> grace = Applications.gracePeriods();
        Map<String, List<Applications.KeptConnections>> kept = Applications.keptConnections();
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
                outlivesKeptConnections(workload, kept.getOrDefault(workload.name(), List.of()), problems);
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
        long pause = pause(c);
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

    /**
     * A caller reaches a service through its Service address, on connections it keeps for up to their
     * max age: one opened just before the endpoint change reached kube-proxy still carries requests to
     * the leaving pod that long. The pause covers the longest age plus {@link #ENDPOINT_SPREAD}, and a
     * caller must have an age.
     */
    private static void outlivesKeptConnections(Cluster.Workload workload, List<Applications.KeptConnections> callers,
                                                List<String> problems) {
        long pause = pause(workload.container());
        for (Applications.KeptConnections caller : callers) {
            if (caller.maxAge() == null) {
                problems.add(workload.id() + ": " + caller.caller() + " keeps its connections to it without limit (set "
                        + caller.setting() + ")");
            } else if (pause >= 1 && pause < caller.maxAge().plus(ENDPOINT_SPREAD).toSeconds()) {
                problems.add(workload.id() + ": preStop pause " + pause + " s is shorter than " + caller.caller()
                        + "'s connection max age (" + caller.maxAge().toSeconds() + " s, " + caller.setting() + ") plus "
                        + ENDPOINT_SPREAD.toSeconds() + " s for the endpoint change to reach kube-proxy");
            }
        }
    }

    private static long pause(Container c) {
        return Optional.ofNullable(c.getLifecycle()).map(l -> l.getPreStop())
                .map(p -> p.getSleep() == null ? null : p.getSleep().getSeconds()).orElse(-1L);
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

    /** The Ingress goes to the controller kind-up.sh installs, through no middleware that could cap a body. */
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
        if (annotations.containsKey(MIDDLEWARES)) {
            problems.add(id + ": " + MIDDLEWARES + " puts middlewares (" + annotations.get(MIDDLEWARES)
                    + ") before the gateway; a buffering one caps bodies below the gateway's own limit");
        }
    }

    /**
     * The controller (k8s/traefik) serves the Ingress's class, waits for a backend's answer longer than the
     * gateway's longest route timeout plus {@link #EDGE_MARGIN} (so a slow backend gets the gateway's 504,
     * never the controller's), and runs no middleware on its entry points (so no body cap).
     */
    static List<String> controllerProblems(Cluster controller) {
        return controllerProblems(controller, Applications.longestGatewayRoute());
    }

    static List<String> controllerProblems(Cluster controller, Duration longest) {
        List<String> problems = new ArrayList<>();
        if (controller.find(IngressClass.class, INGRESS_CLASS).isEmpty()) {
            problems.add("k8s/traefik: no IngressClass " + INGRESS_CLASS + ", the class the Ingress names");
        }
        for (Deployment deployment : controller.all(Deployment.class)) {
            String id = "k8s/traefik Deployment/" + deployment.getMetadata().getName();
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                Map<String, String> args = arguments(container);
                Map<String, String> timeouts = new LinkedHashMap<>();
                timeouts.put(RESPONSE_HEADER_TIMEOUT, args.getOrDefault(RESPONSE_HEADER_TIMEOUT, "0"));
                for (String key : args.keySet()) {
                    Matcher entryPoint = ENTRY_POINT.matcher(key);
                    if (entryPoint.matches()) {
                        String read = READ_TIMEOUT.formatted(entryPoint.group(1));
                        String write = WRITE_TIMEOUT.formatted(entryPoint.group(1));
                        timeouts.put(read, args.getOrDefault(read, "60s"));
                        timeouts.put(write, args.getOrDefault(write, "0"));
                    }
                    if (ENTRY_POINT_MIDDLEWARES.matcher(key).matches()) {
                        problems.add(id + ": --" + key + "=" + args.get(key) + " puts middlewares before the gateway;"
                                + " a buffering one caps bodies below the gateway's own limit");
                    }
                }
                timeouts.forEach((key, value) -> {
                    Duration timeout = goDuration(value);
                    if (!timeout.isZero() && timeout.compareTo(longest.plus(EDGE_MARGIN)) < 0) {
                        problems.add(id + ": " + key + " " + value + (args.containsKey(key) ? "" : " (the default)")
                                + " must be unset (no timeout) or at least the gateway's longest route timeout ("
                                + longest.toSeconds() + " s) plus " + EDGE_MARGIN.toSeconds()
                                + " s, so a slow backend gets the gateway's 504");
                    }
                });
            }
        }
        return problems;
    }

    /** A container's {@code --key=value} arguments, keys in lower case without the dashes; a bare flag is true. */
    private static Map<String, String> arguments(Container container) {
        Map<String, String> args = new LinkedHashMap<>();
        for (String arg : Optional.ofNullable(container.getArgs()).orElse(List.of())) {
            int eq = arg.indexOf('=');
            String key = (eq < 0 ? arg : arg.substring(0, eq)).replaceFirst("^--", "").toLowerCase(Locale.ROOT);
            args.put(key, eq < 0 ? "true" : arg.substring(eq + 1));
        }
        return args;
    }

    /** A Go duration as Traefik reads it (1m30s, 15s, 500ms); a bare number is seconds, 0 is no timeout. */
    static Duration goDuration(String text) {
        String value = text.trim();
        if (value.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        Matcher m = GO_DURATION.matcher(value);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
            });
            end = m.end();
        }
        if (end == 0 || end != value.length()) {
            throw new IllegalStateException("not a duration Traefik reads: " + text);
        }
        return total;
    }

    private static boolean isZero(IntOrString value) {
        return value.getIntVal() != null ? value.getIntVal() == 0 : "0%".equals(value.getStrVal());
    }

    private static String text(IntOrString value) {
        return value.getIntVal() != null ? value.getIntVal().toString() : value.getStrVal();
    }
}
