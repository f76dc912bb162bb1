package microlab.consumer;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** users-service at an address where nothing listens: the requests that need it fail, the service stays ready. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsersServiceDownTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("micronaut.http.services.users.url", "http://127.0.0.1:" + deadPort());
    }

    @Test
    void readyWithoutUsersService() {
        HttpResponse<Map> ready = http.toBlocking().exchange(HttpRequest.GET("/health/readiness"), Map.class);
        assertEquals(HttpStatus.OK, ready.getStatus());
        Map<?, ?> body = ready.body();
        assertEquals("UP", body.get("status"), body::toString);
        assertFalse(((Map<?, ?>) body.get("details")).containsKey("users-service"), body::toString);
    }

    @Test
    void summaryIsA503Problem() {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().exchange("/summary"));
        assertEquals(HttpStatus.SERVICE_UNAVAILABLE, e.getStatus());
        assertEquals("application/problem+json", e.getResponse().getContentType().orElseThrow().toString());
    }

    /** A port nothing listens on: bound, then released. */
    private static int deadPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
