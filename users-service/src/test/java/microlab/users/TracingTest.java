package microlab.users;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A request's database and cache calls are spans of the request's trace, against the real PostgreSQL
 * and Redis: the SQL statements through micronaut-tracing's JDBC wrapper, the Redis commands through
 * the observability module's Lettuce hook, each a CLIENT span whose parent is the request's server span.
 */
@MicronautTest(transactional = false)
@Property(name = "test.spans", value = "memory")
class TracingTest {

    private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
    private static final AttributeKey<String> OLD_DB_SYSTEM = AttributeKey.stringKey("db.system");

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    InMemorySpanExporter spans;

    @Test
    void aUserReadIsOneTraceWithItsRedisAndSqlSpans() {
        String trace = newTraceId();
        http.toBlocking().exchange(HttpRequest.GET("/users/1").header("traceparent", traceparent(trace)), String.class);

        SpanData server = await(trace, span -> span.getKind() == SpanKind.SERVER);
        assertEquals("GET /users/{id}", server.getName());
        List<SpanData> redis = await(trace, 1, span -> "redis".equals(span.getAttributes().get(DB_SYSTEM)));
        for (SpanData span : redis) {
            assertEquals(SpanKind.CLIENT, span.getKind(), span.toString());
            assertEquals(server.getSpanId(), span.getParentSpanId(), "a Redis span is a child of the request: " + span);
        }
    }

    @Test
    void aVisitCountsInRedisAndPostgresqlWithinOneTrace() {
        String trace = newTraceId();
        http.toBlocking().exchange(HttpRequest.GET("/visits").header("traceparent", traceparent(trace)), String.class);

        SpanData server = await(trace, span -> span.getKind() == SpanKind.SERVER);
        SpanData incr = await(trace, span -> span.getName().equals("INCR"));
        assertEquals(server.getSpanId(), incr.getParentSpanId());
        SpanData sql = await(trace, span -> "postgresql".equals(span.getAttributes().get(OLD_DB_SYSTEM))
                || "postgresql".equals(span.getAttributes().get(DB_SYSTEM)));
        assertEquals(server.getTraceId(), sql.getTraceId());
    }

    private static String newTraceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "%016x%016x".formatted(random.nextLong() | 1, random.nextLong() | 1);
    }

    private static String traceparent(String trace) {
        return "00-" + trace + "-00f067aa0ba902b7-01";
    }

    private SpanData await(String trace, Predicate<SpanData> wanted) {
        return await(trace, 1, wanted).get(0);
    }

    /** Spans end on other threads (Lettuce's, the server's) a moment after the response: wait for them, 5 s at most. */
    private List<SpanData> await(String trace, int count, Predicate<SpanData> wanted) {
        Instant until = Instant.now().plus(Duration.ofSeconds(5));
        while (true) {
            List<SpanData> found = spans.getFinishedSpanItems().stream()
                    .filter(span -> span.getTraceId().equals(trace))
                    .filter(wanted)
                    .toList();
            if (found.size() >= count) {
                return found;
            }
            if (Instant.now().isAfter(until)) {
                fail("no span as wanted in trace " + trace + " after 5 s; its spans: " + spans.getFinishedSpanItems().stream()
                        .filter(span -> span.getTraceId().equals(trace))
                        .map(span -> span.getName() + " " + span.getKind() + " " + span.getAttributes())
                        .toList());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }
}
