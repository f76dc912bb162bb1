package microlab.gateway.proxy;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.gateway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** users-service behind a name with two replicas, the first of which refuses every connection. */
@MicronautTest
class ProxyReplicasTest extends GatewayFixture {

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put(TwoReplicas.PROPERTY, "true");
        properties.put("micronaut.http.services.users.url", "http://" + TwoReplicas.NAME + ":" + users.port());
        return properties;
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

        timed.refused(down);
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
