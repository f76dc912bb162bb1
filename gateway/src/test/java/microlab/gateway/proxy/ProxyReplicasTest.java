package microlab.gateway.proxy;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.gateway.testing.GatewayFixture;
import microlab.gateway.testing.Backend;
import microlab.gateway.testing.ClosingReplica;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * users-service behind a name with two replicas, the first of which refuses every connection; orders
 * behind one whose first replica closes every connection unanswered, as one shutting down does.
 */
@MicronautTest
class ProxyReplicasTest extends GatewayFixture {

    private final Backend survivor = Backend.start();
    private final ClosingReplica closing = new ClosingReplica(new byte[] {127, 0, 0, 3}, survivor.port());

    @Override
    public Map<String, String> getProperties() {
        return propertiesWith(Map.of(
                TwoReplicas.PROPERTY, "true",
                "micronaut.http.services.users.url", "http://" + TwoReplicas.NAME + ":" + users.port(),
                "micronaut.http.services.orders.url", "http://" + TwoReplicas.CLOSING + ":" + survivor.port()));
    }

    @AfterAll
    void stopReplicas() {
        closing.close();
        survivor.close();
    }

    @Test
    void aRequestThatMayBeRepeatedGoesToTheOtherReplicaWhenTheFirstClosesUnanswered() throws InterruptedException {
        String body = "y".repeat(10_000);
        int before = closing.requests();
        // after the closing replica's rest, of two requests in a row exactly one starts on it
        Thread.sleep(Replicas.REST_MILLIS + 100);
        for (int i = 0; i < 2; i++) {
            assertEquals(200, get("/orders/" + i).statusCode());
        }
        Thread.sleep(Replicas.REST_MILLIS + 100);
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> put = send(HttpRequest.newBuilder(uri("/orders/put"))
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "text/plain").build());
            assertEquals(200, put.statusCode());
            assertEquals(10_000, ((Number) json(put.body()).get("length")).intValue(), "the body was sent again whole");
        }
        Thread.sleep(Replicas.REST_MILLIS + 100);
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> keyed = send(HttpRequest.newBuilder(uri("/orders/keyed"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "text/plain")
                    .header("Idempotency-Key", "key-" + i).build());
            assertEquals(200, keyed.statusCode());
        }

        assertEquals(before + 3, closing.requests(), "one GET, one PUT and one keyed POST met the closing replica first");
        assertEquals(2, survivor.hits("/orders/put"));
        assertEquals(2, survivor.hits("/orders/keyed"));
    }

    @Test
    void aPostWithoutAnIdempotencyKeyIsNotSentTwice() throws InterruptedException {
        Thread.sleep(Replicas.REST_MILLIS + 100);
        int before = closing.requests();
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            statuses.add(send(HttpRequest.newBuilder(uri("/orders/unkeyed"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build())
                    .statusCode());
        }

        // it may have reached the closing replica, so the gateway answers 502 rather than risk a second order
        assertEquals(before + 1, closing.requests());
        assertEquals(List.of(200, 502), statuses.stream().sorted().toList());
        assertEquals(1, survivor.hits("/orders/unkeyed"));
    }

    @Test
    void aReplicaThatRefusesCostsARetryOnTheOtherNotAFailedRequest() {
        for (int i = 0; i < 20; i++) {
            assertEquals(200, get("/users/" + i).statusCode(), "GET /users/" + i);
        }
        String body = "x".repeat(10_000);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/users/upload"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "text/plain").build());

            assertEquals(200, response.statusCode());
            // the whole body reached the replica that answered, though the first one was tried before it
            assertEquals(10_000, ((Number) json(response.body()).get("length")).intValue());
        }
        assertEquals(5, users.hits("/users/upload"));
    }

    @Test
    void candidatesTakeTurnsAndARefusingAddressGoesLastForAWhile() {
        long[] now = {1_000};
        TwoReplicas names = new TwoReplicas();
        Replicas timed = new Replicas(() -> now[0]) {
            @Override
            protected InetAddress[] resolve(String host) throws UnknownHostException {
                return names.resolve(host);
            }
        };
        URI base = URI.create("http://" + TwoReplicas.NAME + ":8081");
        URI down = URI.create("http://127.0.0.2:8081");
        URI up = URI.create("http://127.0.0.1:8081");

        Set<URI> firsts = new HashSet<>();
        firsts.add(timed.candidates(base).get(0));
        firsts.add(timed.candidates(base).get(0));
        assertEquals(Set.of(down, up), firsts, "two requests start on two replicas");

        timed.failed(down);
        assertEquals(List.of(up, down), timed.candidates(base));
        assertEquals(List.of(up, down), timed.candidates(base));

        now[0] += Replicas.REST_MILLIS + 1;
        Set<URI> again = new HashSet<>();
        again.add(timed.candidates(base).get(0));
        again.add(timed.candidates(base).get(0));
        assertEquals(Set.of(down, up), again, "after its rest the address takes its turn again");
        assertEquals(List.of(URI.create("http://127.0.0.1:8081")), timed.candidates(URI.create("http://127.0.0.1:8081")));
    }
}
