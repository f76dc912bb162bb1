package microlab.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import microlab.e2e.Http;

import java.net.http.HttpResponse;
import java.time.Duration;

/** HTTP through the cluster's Ingress (http://localhost on kind), as a user's client reaches the system. */
final class Ingress {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final Http http;
    private final Http slow;

    Ingress(String base) {
        this.http = new Http(base, REQUEST_TIMEOUT, CONNECT_TIMEOUT);
        this.slow = new Http(base, Duration.ofSeconds(120), CONNECT_TIMEOUT);
    }

    Http http() {
        return http;
    }

    /** GET path, whose answer must be 200: its body as JSON. A first forecast may take long: {@code patient} allows 120 s. */
    JsonNode get(String path, boolean patient) {
        HttpResponse<String> r = (patient ? slow : http).get(path);
        Check.require(r.statusCode() == 200, "GET " + path + " answered " + r.statusCode() + " " + r.body());
        return Http.read(r.body(), JsonNode.class);
    }

    JsonNode get(String path) {
        return get(path, false);
    }

    /** POST json to path, whose answer must be status: its body as JSON. */
    JsonNode post(String path, String json, int status) {
        HttpResponse<String> r = http.send("POST", path, json);
        Check.require(r.statusCode() == status, "POST " + path + " answered " + r.statusCode() + " " + r.body());
        return Http.read(r.body(), JsonNode.class);
    }

    void delete(String path) {
        http.send("DELETE", path, null);
    }

    /** Polls GET path until it answers 200, for a service that has just come back. */
    JsonNode awaitAnswer(String path, Duration limit) throws InterruptedException {
        return awaitInARow(path, limit, 1);
    }

    /**
     * Polls GET path until it answers 200 twenty times in a row: through a Service of two replicas, both have found
     * their database again (each replica's pool reconnects on its own).
     */
    JsonNode awaitSteady(String path, Duration limit) throws InterruptedException {
        return awaitInARow(path, limit, 20);
    }

    /** Polls GET path, 500 ms after each other answer, until it answers 200 {@code times} times in a row. */
    private JsonNode awaitInARow(String path, Duration limit, int times) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        int inARow = 0;
        String body = null;
        String last = "";
        while (inARow < times) {
            Check.require(System.nanoTime() < deadline, "GET " + path + " did not answer 200 " + times
                    + " time(s) in a row within " + limit.toSeconds() + " s (last: " + last + ")");
            try {
                HttpResponse<String> r = http.get(path);
                if (r.statusCode() == 200) {
                    inARow++;
                    body = r.body();
                    continue;
                }
                last = r.statusCode() + " " + r.body();
            } catch (Http.Unreachable e) {
                last = e.getMessage();
            }
            inARow = 0;
            Thread.sleep(500);
        }
        return Http.read(body, JsonNode.class);
    }

    /** The whole number {@code name} of a JSON answer. */
    static long number(JsonNode json, String name) {
        JsonNode value = json.path(name);
        Check.require(value.isIntegralNumber(), "no number " + name + " in " + json);
        return value.asLong();
    }
}
