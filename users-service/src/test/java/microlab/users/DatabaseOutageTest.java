package microlab.users;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PostgreSQL goes away while the service runs: a fast 503 with Retry-After, nothing written, and recovery without a restart. */
class DatabaseOutageTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void anOutageIsAFast503AndTheServiceRecoversOnItsOwn() throws Exception {
        try (DatabaseLink database = new DatabaseLink()) {
            database.open();
            try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class,
                    Map.of("datasources.default.url", database.jdbcUrl("users_test"), "micronaut.server.port", -1), "test")) {
                String base = server.getURI().toString();
                assertEquals(200, get(base + "/users?size=1").statusCode());

                database.cut();
                String email = "outage-" + UUID.randomUUID() + "@example.org";
                for (HttpRequest request : new HttpRequest[] {
                        HttpRequest.newBuilder(URI.create(base + "/users?size=1")).build(),
                        create(base, email)}) {
                    long started = System.nanoTime();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    assertEquals(503, response.statusCode(), request + ": " + response.body());
                    assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
                    assertEquals("1", response.headers().firstValue("Retry-After").orElse(""), request.toString());
                    assertTrue(millis < 2500, request + " took " + millis + " ms");
                }

                database.open();
                HttpResponse<String> recovered = null;
                for (int i = 0; i < 40 && (recovered == null || recovered.statusCode() != 200); i++) {
                    Thread.sleep(250);
                    recovered = get(base + "/users?size=1");
                }
                assertEquals(200, recovered.statusCode(), "no recovery within 10 s: " + recovered.body());
                // the POST during the outage wrote nothing: the same e-mail is still free
                assertEquals(201, http.send(create(base, email), HttpResponse.BodyHandlers.ofString()).statusCode());
            }
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest create(String base, String email) {
        return HttpRequest.newBuilder(URI.create(base + "/users"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Outage Test\", \"email\": \"" + email + "\"}"))
                .build();
    }
}
