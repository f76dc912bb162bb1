package microlab.consumer;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SummaryTest implements TestPropertyProvider {

    private static final int USERS = 250;

    private final FakeUsersService upstream = start();

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        // every request walks users-service again here; SummaryCacheTest covers the max-age
        return Map.of("micronaut.http.services.users.url", upstream.url(), "consumer.summary-max-age", "0s");
    }

    @AfterAll
    void stop() {
        upstream.close();
    }

    @Test
    @Order(1)
    void usersServiceDownBeforeAnySummaryIsAFast503() {
        upstream.mode = FakeUsersService.Mode.FAILING;
        long started = System.nanoTime();
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().exchange("/summary"));
        assertEquals(HttpStatus.SERVICE_UNAVAILABLE, e.getStatus());
        assertEquals("application/problem+json", e.getResponse().getContentType().orElseThrow().toString());
        assertEquals("1", e.getResponse().getHeaders().get("Retry-After"));
        assertTrue(System.nanoTime() - started < 3_000_000_000L);
    }

    @Test
    @Order(2)
    void summaryWalksEveryPageAndKeepsTheActiveUsers() {
        upstream.mode = FakeUsersService.Mode.OK;
        int before = upstream.pageRequests;
        Map<String, Object> summary = summary();
        assertEquals(3, upstream.pageRequests - before);
        assertEquals(USERS, ((Number) summary.get("total")).intValue());
        List<?> active = (List<?>) summary.get("activeUsers");
        long expectedActive = java.util.stream.IntStream.rangeClosed(1, USERS).filter(id -> id % 3 != 0).count();
        assertEquals(expectedActive, active.size());
        assertEquals(expectedActive, ((Number) summary.get("active")).longValue());
        Map<?, ?> first = (Map<?, ?>) active.get(0);
        assertEquals(Map.of("id", 1, "name", "User 1", "email", "u1@example.org"), first);
        assertEquals(false, summary.get("stale"));
        assertTrue(summary.containsKey("fetchedAt"));
    }

    @Test
    @Order(3)
    void usersServiceFailingAfterAGoodSummaryServesItMarkedStale() {
        upstream.mode = FakeUsersService.Mode.OK;
        Map<String, Object> good = summary();
        upstream.mode = FakeUsersService.Mode.FAILING;
        Map<String, Object> stale = summary();
        assertEquals(true, stale.get("stale"));
        assertTrue(((String) stale.get("staleReason")).contains("users-service"));
        assertEquals(good.get("fetchedAt"), stale.get("fetchedAt"));
        assertEquals(good.get("activeUsers"), stale.get("activeUsers"));
    }

    @Test
    @Order(4)
    void slowUsersServiceGivesTheStaleSummaryWithinThreeSeconds() {
        upstream.mode = FakeUsersService.Mode.SLOW;
        long started = System.nanoTime();
        Map<String, Object> stale = summary();
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(true, stale.get("stale"));
        assertTrue(millis < 3000, "took " + millis + " ms");
        upstream.mode = FakeUsersService.Mode.OK;
        assertFalse((Boolean) summary().get("stale"));
    }

    @Test
    @Order(5)
    void severalSlowPagesTogetherStillGiveAnAnswerWithinThreeSeconds() {
        upstream.mode = FakeUsersService.Mode.SLOW_LATER_PAGES;
        long started = System.nanoTime();
        Map<String, Object> stale = summary();
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(true, stale.get("stale"));
        assertTrue(((String) stale.get("staleReason")).contains("longer than"));
        assertTrue(millis < 3000, "took " + millis + " ms");
    }

    @Test
    @Order(6)
    void noUsersAtAllIsAnEmptySummary() {
        upstream.mode = FakeUsersService.Mode.EMPTY;
        Map<String, Object> summary = summary();
        assertEquals(0, ((Number) summary.get("total")).intValue());
        assertEquals(0, ((Number) summary.get("active")).intValue());
        assertEquals(List.of(), summary.get("activeUsers"));
        assertEquals(false, summary.get("stale"));
    }

    @Test
    @Order(7)
    void healthAndMetricsAnswer() {
        upstream.mode = FakeUsersService.Mode.OK;
        Map<?, ?> ready = http.toBlocking().retrieve(io.micronaut.http.HttpRequest.GET("/health/readiness"), Map.class);
        assertEquals("UP", ready.get("status"));
        assertEquals(HttpStatus.OK, http.toBlocking().exchange("/health/liveness").getStatus());
        assertTrue(http.toBlocking().retrieve("/prometheus").contains("jvm_memory_used_bytes"));
    }

    private Map<String, Object> summary() {
        return http.toBlocking().retrieve(io.micronaut.http.HttpRequest.GET("/summary"),
                Argument.mapOf(String.class, Object.class));
    }

    private static FakeUsersService start() {
        try {
            return new FakeUsersService(USERS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
