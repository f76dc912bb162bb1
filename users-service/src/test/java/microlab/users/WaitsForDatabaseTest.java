package microlab.users;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Scenario 3: started before its database answers, the service waits for it instead of failing. */
class WaitsForDatabaseTest {

    @Test
    void serviceStartedBeforeItsDatabaseWaitsAndThenServes() throws Exception {
        try (DatabaseLink database = new DatabaseLink()) {
            CompletableFuture<EmbeddedServer> starting = CompletableFuture.supplyAsync(() -> ApplicationContext.run(
                    EmbeddedServer.class, Map.of("datasources.default.url", database.jdbcUrl("users_test"),
                            "micronaut.server.port", -1), "test"));

            Thread.sleep(3000);
            assertFalse(starting.isDone(), "the service should still be waiting for its database");

            database.open();
            try (EmbeddedServer server = starting.get(60, TimeUnit.SECONDS)) {
                HttpResponse<String> users = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(server.getURI() + "/users?size=1")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, users.statusCode(), users.body());
            }
        }
    }
}
