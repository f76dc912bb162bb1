package microlab.e2e.compose;

import com.fasterxml.jackson.databind.JsonNode;
import microlab.e2e.Http;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load through the gateway while something is restarted under it ({@link ComposeChecks}' scale-out step): each
 * client makes a user of its own, then until the time is up reads {@code GET /users/1} and rewrites its user's name
 * with {@code PUT}. At the end no request may have failed (anything but 200, a timeout or a refused connection
 * counts) and each client's last acknowledged write must be what is stored. Prints the tally.
 */
final class WriteLoad {

    private final Http gateway;
    private final String run = Long.toString(ProcessHandle.current().pid());
    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();

    WriteLoad(String base) {
        this.gateway = new Http(base);
    }

    boolean run(int clients, Duration length) {
        List<Long> users = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Response created = send("POST", "/users", user("Scale Out", c));
            if (created.status() != 201) {
                System.out.println("could not create client " + c + "'s user: " + created.status() + " " + created.body());
                return false;
            }
            users.add(Http.read(created.body(), JsonNode.class).path("id").asLong());
        }
        System.out.println("clients' users: " + users);
        long deadline = System.nanoTime() + length.toNanos();
        long[] lastAcknowledged = new long[clients];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int me = c;
            Thread thread = new Thread(() -> {
                for (long n = 1; System.nanoTime() < deadline; n++) {
                    count("GET", send("GET", "/users/1", null).status());
                    int status = send("PUT", "/users/" + users.get(me), user("Scale Out " + n, me)).status();
                    count("PUT", status);
                    if (status == 200) {
                        lastAcknowledged[me] = n;
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        Map<String, Long> tally = new TreeMap<>();
        outcomes.forEach((k, v) -> tally.put(k, v.get()));
        long total = tally.values().stream().mapToLong(Long::longValue).sum();
        long failed = tally.entrySet().stream().filter(e -> !e.getKey().startsWith("200 ")).mapToLong(Map.Entry::getValue).sum();
        System.out.println("requests through the gateway: " + total + ", failed: " + failed);
        tally.forEach((outcome, count) -> System.out.printf("  %7d %s%n", count, outcome));
        boolean stored = true;
        for (int c = 0; c < clients; c++) {
            String name = Http.read(send("GET", "/users/" + users.get(c), null).body(), JsonNode.class).path("name").asText();
            String expected = "Scale Out " + lastAcknowledged[c];
            if (!name.equals(expected)) {
                System.out.println("user " + users.get(c) + ": stored '" + name + "', last acknowledged write '" + expected + "'");
                stored = false;
            }
        }
        if (stored) {
            System.out.println("every client's last acknowledged write is stored");
        }
        return failed == 0 && stored && total > 0;
    }

    private String user(String name, int client) {
        return "{\"name\":\"" + name + "\",\"email\":\"scale-" + run + "-" + client + "@example.com\"}";
    }

    private void count(String method, int status) {
        outcomes.computeIfAbsent((status < 0 ? "no answer" : Integer.toString(status)) + " " + method, k -> new AtomicLong()).incrementAndGet();
    }

    record Response(int status, String body) {
    }

    /** status -1: no HTTP answer (refused, reset, timed out). */
    private Response send(String method, String path, String json) {
        try {
            HttpResponse<String> response = gateway.send(method, path, json);
            return new Response(response.statusCode(), response.body());
        } catch (Http.Unreachable e) {
            return new Response(-1, e.getCause() instanceof InterruptedException ? "interrupted" : e.getCause().toString());
        }
    }
}
