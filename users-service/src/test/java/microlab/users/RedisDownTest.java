package microlab.users;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Redis stopped (nothing listens on its port): users still read and write through PostgreSQL. */
@MicronautTest(transactional = false)
@Property(name = "redis.uri", value = "redis://127.0.0.1:1")
class RedisDownTest {

    @Inject
    @Client("/")
    HttpClient http;

    @Test
    void usersAreReadAndWrittenWithoutRedis() {
        String email = "r-" + UUID.randomUUID() + "@example.org";
        HttpResponse<Map<String, Object>> created = http.toBlocking().exchange(
                HttpRequest.POST("/users", Map.of("name", "No Cache", "email", email)), Argument.mapOf(String.class, Object.class));
        assertEquals(HttpStatus.CREATED, created.getStatus());
        String location = created.header("Location");

        Map<?, ?> read = http.toBlocking().retrieve(HttpRequest.GET(location), Map.class);
        assertEquals(email, read.get("email"));

        Map<?, ?> updated = http.toBlocking().retrieve(HttpRequest.PUT(location,
                Map.of("name", "Still No Cache", "email", email)), Map.class);
        assertEquals("Still No Cache", updated.get("name"));
        assertEquals(HttpStatus.NO_CONTENT, http.toBlocking().exchange(HttpRequest.DELETE(location)).getStatus());
    }

    @Test
    void visitsStillCountInPostgres() {
        Map<?, ?> first = http.toBlocking().retrieve("/visits", Map.class);
        Map<?, ?> second = http.toBlocking().retrieve("/visits", Map.class);
        assertNull(first.get("redis"));
        assertEquals(((Number) first.get("postgres")).longValue() + 1, ((Number) second.get("postgres")).longValue());
    }

    @Test
    void readinessShowsRedisDegradedButStaysReady() {
        HttpResponse<Map> response = http.toBlocking().exchange("/health/readiness", Map.class);
        assertEquals(HttpStatus.OK, response.getStatus());
        Map<?, ?> details = (Map<?, ?>) response.body().get("details");
        assertEquals("DEGRADED", ((Map<?, ?>) details.get("redis")).get("status"));
        assertEquals("UP", ((Map<?, ?>) details.get("jdbc")).get("status"));
    }
}
