package microlab.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import microlab.e2e.Http;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * rolling-restart: users-service and then the gateway restarted while clients read ({@code GET /users/1}) and write
 * (a new user each time) through the Ingress: no request fails, every acknowledged write is stored. A failure is
 * shown with the gateway's log lines of its request id.
 */
record RollingRestart(Kubectl kubectl, Ingress ingress, String mark, int clients) implements Check {

    @Override
    public void run() throws InterruptedException {
        Http http = ingress.http();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger requests = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Map<Long, String> acknowledged = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        Instant start = Instant.now();
        List<String> gatewayLog = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            pool.submit(() -> {
                for (int n = 0; !stop.get(); n++) {
                    String email = "rolling-" + mark + "-" + client + "-" + n + "@example.com";
                    try {
                        requests.incrementAndGet();
                        HttpResponse<String> read = http.get("/users/1");
                        if (read.statusCode() != 200) {
                            failures.add(at(start) + "GET /users/1 " + read.statusCode() + " " + read.body() + idOf(read));
                        }
                        requests.incrementAndGet();
                        HttpResponse<String> write = http.send("POST", "/users", "{\"name\":\"Rolling\",\"email\":\"" + email + "\"}");
                        if (write.statusCode() == 201) {
                            acknowledged.put(Http.read(write.body(), JsonNode.class).path("id").asLong(), email);
                        } else {
                            failures.add(at(start) + "POST /users " + write.statusCode() + " " + write.body() + idOf(write));
                        }
                    } catch (RuntimeException e) {
                        failures.add(at(start) + e.getClass().getSimpleName() + ": " + e.getMessage());
                    }
                }
            });
        }
        try {
            Thread.sleep(3000);
            for (String deployment : List.of("users-service", "gateway")) {
                // the gateway's pods, and their logs, go with its restart: what they said is kept first
                gatewayLog.addAll(gatewayLog());
                System.out.printf("  %srestarting deployment/%s under load (%d requests so far)%n", at(start), deployment, requests.get());
                kubectl.run("rollout", "restart", "deployment/" + deployment);
                kubectl.run("rollout", "status", "deployment/" + deployment, "--timeout=300s");
                // the old pods' endpoints leave the controller's table a moment after the rollout ends
                Thread.sleep(5000);
            }
        } finally {
            stop.set(true);
            pool.shutdown();
            pool.awaitTermination(60, TimeUnit.SECONDS);
        }
        int lost = 0;
        for (Map.Entry<Long, String> write : acknowledged.entrySet()) {
            HttpResponse<String> stored = http.get("/users/" + write.getKey());
            if (stored.statusCode() != 200 || !write.getValue().equals(Http.read(stored.body(), JsonNode.class).path("email").asText())) {
                lost++;
            }
            ingress.delete("/users/" + write.getKey());
        }
        System.out.printf("  %d requests by %d clients, %d failed; %d writes acknowledged, %d of them not stored%n",
                requests.get(), clients, failures.size(), acknowledged.size(), lost);
        failures.stream().limit(10).forEach(f -> System.out.println("    " + f));
        if (!failures.isEmpty()) {
            gatewayLog.addAll(gatewayLog());
            System.out.println("  the gateway's log lines for them:");
            gatewayLog.stream().filter(line -> failures.stream().anyMatch(f -> f.contains(" id=")
                    && line.contains(f.substring(f.lastIndexOf(" id=") + 1)))).distinct()
                    .forEach(line -> System.out.println("    " + line));
        }
        Check.require(!acknowledged.isEmpty(), "no write was acknowledged: the load did not run");
        Check.require(failures.isEmpty(), failures.size() + " of " + requests.get() + " requests failed");
        Check.require(lost == 0, lost + " acknowledged writes are not stored");
    }

    private static String idOf(HttpResponse<String> response) {
        return response.headers().firstValue("X-Request-Id").map(id -> " id=" + id).orElse("");
    }

    /** Every line the gateway's running pods have logged, each prefixed with its pod. */
    private List<String> gatewayLog() {
        return kubectl.run("logs", "-l", "app.kubernetes.io/name=gateway", "--prefix", "--tail=-1", "--max-log-requests=10")
                .lines().toList();
    }

    private static String at(Instant start) {
        return String.format("[%5.1f s] ", Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }
}
