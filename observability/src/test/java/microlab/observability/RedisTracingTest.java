package microlab.observability;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redis commands against a real Redis (REDIS_URI, or localhost:6379), with the spans read back from the SDK. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisTracingTest {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk telemetry = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build();
    private ClientResources resources;
    private RedisClient client;
    private StatefulRedisConnection<String, String> redis;

    @BeforeAll
    void connect() {
        ClientResources.Builder builder = DefaultClientResources.builder();
        new RedisTracing(telemetry).mutate(builder, null);
        resources = builder.build();
        String uri = System.getenv().getOrDefault("REDIS_URI", "redis://localhost:6379");
        client = RedisClient.create(resources, RedisURI.create(uri));
        redis = client.connect();
        redis.setTimeout(Duration.ofSeconds(5));
    }

    @AfterAll
    void close() {
        redis.close();
        client.shutdown();
        resources.shutdown();
        telemetry.close();
    }

    @Test
    void eachCommandInATraceIsAClientSpanUnderTheSpanThatIssuedIt() {
        String key = "microlab:test:tracing:" + UUID.randomUUID();
        Span request = telemetry.getTracer("test").spanBuilder("GET /visits").startSpan();
        try (Scope ignored = request.makeCurrent()) {
            redis.sync().incr(key);
            redis.async().get(key).toCompletableFuture().join();
        } finally {
            request.end();
            redis.sync().del(key);
        }

        List<SpanData> redisSpans = awaitClientSpans(request.getSpanContext().getTraceId(), 2);
        assertEquals(List.of("INCR", "GET"), redisSpans.stream().map(SpanData::getName).toList());
        for (SpanData span : redisSpans) {
            assertEquals(request.getSpanContext().getSpanId(), span.getParentSpanId(), span.toString());
            assertEquals("redis", span.getAttributes().get(RedisTracing.DB_SYSTEM));
            assertEquals(span.getName(), span.getAttributes().get(RedisTracing.DB_OPERATION));
            assertTrue(span.getAttributes().get(RedisTracing.PEER_PORT) > 0, span.toString());
            assertTrue(!span.getAttributes().asMap().toString().contains(key), "no key or value recorded: " + span);
        }
    }

    @Test
    void aFailedCommandIsAnErrorSpan() {
        Span request = telemetry.getTracer("test").spanBuilder("GET /visits").startSpan();
        try (Scope ignored = request.makeCurrent()) {
            redis.async().dispatch(io.lettuce.core.protocol.CommandType.INCR,
                    new io.lettuce.core.output.IntegerOutput<>(io.lettuce.core.codec.StringCodec.UTF8))
                    .toCompletableFuture().handle((value, failure) -> failure).join();
        } finally {
            request.end();
        }

        SpanData incr = awaitClientSpans(request.getSpanContext().getTraceId(), 1).get(0);
        assertEquals(StatusCode.ERROR, incr.getStatus().getStatusCode(), incr.toString());
        assertTrue(incr.getStatus().getDescription().startsWith("ERR"), incr.toString());
    }

    @Test
    void aCommandOutsideAnyTraceMakesNoSpan() throws InterruptedException {
        Span marker = telemetry.getTracer("test").spanBuilder("marker").startSpan();
        redis.sync().ping();
        try (Scope ignored = marker.makeCurrent()) {
            redis.sync().ping();
        } finally {
            marker.end();
        }

        awaitClientSpans(marker.getSpanContext().getTraceId(), 1);
        long redisSpans = spans.getFinishedSpanItems().stream().filter(span -> span.getKind() == SpanKind.CLIENT).count();
        assertEquals(1 + earlierClientSpans(), redisSpans, spans.getFinishedSpanItems().toString());
    }

    /** The client spans of the other tests, which may have run before this one. */
    private long earlierClientSpans() {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == SpanKind.CLIENT)
                .filter(span -> !span.getName().equals("PING"))
                .count();
    }

    /** The trace's client spans once there are {@code count} of them (a span ends just after its reply). */
    private List<SpanData> awaitClientSpans(String traceId, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            List<SpanData> found = spans.getFinishedSpanItems().stream()
                    .filter(span -> span.getTraceId().equals(traceId))
                    .filter(span -> span.getKind() == SpanKind.CLIENT)
                    .toList();
            if (found.size() >= count || System.nanoTime() > deadline) {
                return found;
            }
            Thread.onSpinWait();
        }
    }
}
