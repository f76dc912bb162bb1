package microlab.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pods: every Deployment and StatefulSet has all its replicas ready, as many as the rendered overlay asks for (two
 * for the four services that say two). A readiness probe says what holds now (the client's, for one, whether its
 * last call to users-service answered within 3 s), so the check waits up to {@value #WAIT_SECONDS} s for every
 * replica to be ready at once, and says how long that took.
 */
record Pods(Kubectl kubectl, String overlay) implements Check {

    static final int WAIT_SECONDS = 60;

    @Override
    public void run() throws InterruptedException {
        Map<String, Integer> wanted = renderedReplicas();
        Check.require(wanted.values().stream().filter(r -> r == 2).count() >= 4,
                "the overlay asks for two replicas of fewer than four workloads: " + wanted);
        Instant start = Instant.now();
        Instant deadline = start.plusSeconds(WAIT_SECONDS);
        List<String> problems = notReady(wanted, false);
        while (!problems.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(2000);
            problems = notReady(wanted, false);
        }
        notReady(wanted, true);
        Check.require(problems.isEmpty(), "not every replica is ready within " + WAIT_SECONDS + " s: " + problems);
        System.out.printf("  every replica ready %d s after the check began%n", Duration.between(start, Instant.now()).toSeconds());
        // which Netty transport the gateway runs on (epoll, from the library the image carries in /app/native)
        kubectl.run("logs", "deployment/gateway").lines().filter(l -> l.contains("Netty transport")).findFirst()
                .ifPresent(l -> System.out.println("  gateway: " + l.strip()));
    }

    /** The workloads whose spec or ready replicas differ from the overlay's; with {@code print}, the whole table. */
    private List<String> notReady(Map<String, Integer> wanted, boolean print) {
        Map<String, int[]> seen = new LinkedHashMap<>();
        for (JsonNode item : kubectl.json("deployments,statefulsets").path("items")) {
            seen.put(item.path("kind").asText().toLowerCase() + "/" + item.path("metadata").path("name").asText(),
                    new int[] {item.path("spec").path("replicas").asInt(), item.path("status").path("readyReplicas").asInt()});
        }
        List<String> problems = new ArrayList<>();
        wanted.forEach((name, replicas) -> {
            int[] s = seen.get(name);
            if (print) {
                System.out.printf("  %-32s wanted %d, spec %s, ready %s%n", name, replicas, s == null ? "-" : s[0], s == null ? "-" : s[1]);
            }
            if (s == null || s[0] != replicas || s[1] != replicas) {
                problems.add(name);
            }
        });
        return problems;
    }

    /** kind/name -> replicas, from the overlay as kustomize renders it. */
    private Map<String, Integer> renderedReplicas() {
        Map<String, Integer> replicas = new LinkedHashMap<>();
        for (String doc : kubectl.kustomize(overlay).split("(?m)^---$")) {
            Matcher kind = Pattern.compile("(?m)^kind: (Deployment|StatefulSet)$").matcher(doc);
            Matcher name = Pattern.compile("(?m)^  name: (\\S+)$").matcher(doc);
            Matcher count = Pattern.compile("(?m)^  replicas: (\\d+)$").matcher(doc);
            if (kind.find() && name.find()) {
                replicas.put(kind.group(1).toLowerCase() + "/" + name.group(1), count.find() ? Integer.parseInt(count.group(1)) : 1);
            }
        }
        return replicas;
    }
}
