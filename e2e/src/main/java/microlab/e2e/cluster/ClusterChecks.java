package microlab.e2e.cluster;

import microlab.e2e.Exec;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * k8s/kind-check.sh's cluster step: checks microlab on a running cluster (k8s/kind-up.sh) the way a user would see
 * it, through kubectl and through the Ingress: {@link Pods}, {@link NetworkPolicies}, {@link Volumes},
 * {@link RollingRestart}, {@link Readiness}, in that order. Each check prints what it saw and a line "ok" or
 * "FAILED: why"; the program exits 1 when any failed.
 * <p>
 * Usage: {@code ClusterChecks [--context kind-microlab] [--base http://localhost] [--overlay k8s/overlays/kind]
 * [--clients 4] [CHECK...]} (default every check; run from the repository root).
 */
public final class ClusterChecks {

    static final List<String> ALL = List.of("pods", "network-policies", "volumes", "rolling-restart", "readiness");

    public static void main(String[] args) throws InterruptedException {
        String context = "kind-microlab";
        String base = "http://localhost";
        String overlay = "k8s/overlays/kind";
        int clients = 4;
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--context" -> context = args[++i];
                case "--base" -> base = args[++i];
                case "--overlay" -> overlay = args[++i];
                case "--clients" -> clients = Integer.parseInt(args[++i]);
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
