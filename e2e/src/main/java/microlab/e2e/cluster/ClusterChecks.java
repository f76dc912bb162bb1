package microlab.e2e.cluster;

import microlab.e2e.Exec;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * k8s/kind-check.sh: checks microlab on a running cluster (k8s/kind-up.sh) the way a user would see
 * it, through kubectl and through the Ingress: {@link Pods}, {@link NetworkPolicies}, {@link Volumes},
 * {@link RollingRestart}, {@link Readiness}, then {@link GatewayApi} and {@link JKube} on k8s/kind-up.sh's build overlay, in
 * that order. Each check prints what it saw and a line "ok" or
 * "FAILED: why"; the program exits 1 when any failed.
 * <p>
 * Usage: {@code ClusterChecks [--context kind-microlab] [--base http://localhost] [--overlay k8s/overlays/kind]
 * [--build-overlay k8s/.kind-build] [--clients 4] [CHECK...]} (default every check; run from the repository root).
 */
public final class ClusterChecks {

    /** The checks inside the cluster as kind-up.sh left it; {@code cluster} on the command line names them all. */
    static final List<String> CLUSTER = List.of("pods", "network-policies", "volumes", "rolling-restart", "readiness");
    static final List<String> ALL = List.of("pods", "network-policies", "volumes", "rolling-restart", "readiness", "gateway-api",
            "jkube");

    public static void main(String[] args) throws InterruptedException {
        String context = "kind-microlab";
        String base = "http://localhost";
        String overlay = "k8s/overlays/kind";
        Path buildOverlay = Path.of("k8s/.kind-build");
        int clients = 4;
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--context" -> context = args[++i];
                case "--base" -> base = args[++i];
                case "--overlay" -> overlay = args[++i];
                case "--build-overlay" -> buildOverlay = Path.of(args[++i]);
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "cluster" -> names.addAll(CLUSTER);
                default -> names.add(args[i]);
            }
        }
        Kubectl kubectl = new Kubectl("kubectl", context, "microlab");
        Ingress ingress = new Ingress(base);
        // what this run writes carries a mark of its own, so a rerun never meets its e-mail addresses
        String mark = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
        Map<String, Check> checks = new LinkedHashMap<>();
        checks.put("pods", new Pods(kubectl, overlay));
        checks.put("network-policies", new NetworkPolicies(kubectl, mark));
        checks.put("volumes", new Volumes(kubectl, ingress, mark));
        checks.put("rolling-restart", new RollingRestart(kubectl, ingress, mark, clients));
        checks.put("readiness", new Readiness(kubectl, ingress, mark));
        checks.put("gateway-api", new GatewayApi(kubectl, ingress, buildOverlay, base));
        checks.put("jkube", new JKube(kubectl, buildOverlay));

        Map<String, String> results = new LinkedHashMap<>();
        for (String name : names.isEmpty() ? ALL : names) {
            Instant started = Instant.now();
            System.out.printf("%n== %s%n", name);
            String result;
            try {
                Check check = checks.get(name);
                if (check == null) {
                    throw new Check.Failure("no check named " + name + " (" + String.join(", ", ALL) + ")");
                }
                check.run();
                result = "ok";
            } catch (RuntimeException e) {
                boolean said = e instanceof Check.Failure || e instanceof Exec.Failed;
                result = "FAILED: " + (said ? "" : e.getClass().getSimpleName() + ": ") + e.getMessage();
            }
            long seconds = Duration.between(started, Instant.now()).toSeconds();
            System.out.printf("%s: %s (%d s)%n", name, result, seconds);
            results.put(name, String.format("%-18s %4d s  %s", name, seconds, result));
        }
        System.out.println("\ncluster checks:");
        results.values().forEach(line -> System.out.println("  " + line));
        System.exit(results.values().stream().allMatch(line -> line.endsWith("ok")) ? 0 : 1);
    }
}
