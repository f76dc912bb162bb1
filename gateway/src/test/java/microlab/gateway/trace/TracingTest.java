package microlab.gateway.trace;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.AppenderAttachable;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.inject.Inject;
import microlab.gateway.testing.GatewayFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One request through the gateway is one trace: the caller's {@code traceparent} is continued, the
 * gateway's server span and its call to the backend are spans of it, the backend receives the call's
 * span as its parent, and the trace id is in the access log line and in a problem+json body. Run on the
 * direct path here and on the filter path by {@link TracingFilterPathTest}.
 */
@MicronautTest
class TracingTest extends GatewayFixture {

    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @Inject
    InMemorySpanExporter spans;

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @Override
    public Map<String, String> getProperties() {
        return propertiesWith(Map.of("test.spans", "memory"));
    }

    @BeforeEach
    @SuppressWarnings("unchecked")
    void recordLogLinesAsTheConsoleGetsThem() {
        spans.reset();
        logged.start();
        // behind the appender that adds the trace to each line, where the console appender sits
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ((AppenderAttachable<ILoggingEvent>) root.getAppender("stdout")).addAppender(logged);
    }

    @AfterEach
    @SuppressWarnings("unchecked")
    void stopRecording() {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ((AppenderAttachable<ILoggingEvent>) root.getAppender("stdout")).detachAppender(logged);
    }

    @Test
    void theCallersTraceGoesOnThroughTheGatewayToTheBackend() {
        HttpResponse<String> response = getInCallersTrace("/users/7");

        assertEquals(200, response.statusCode());
        String received = echoedHeaders(json(response.body())).get("traceparent");
        assertTrue(received.matches("00-" + CALLER_TRACE + "-[0-9a-f]{16}-01"), received);
        String backendParent = received.split("-")[2];

        SpanData server = awaitSpan(span -> span.getKind() == SpanKind.SERVER);
        SpanData client = awaitSpan(span -> span.getKind() == SpanKind.CLIENT);
        assertEquals(CALLER_TRACE, server.getTraceId());
        assertEquals(CALLER_SPAN, server.getParentSpanId());
        assertEquals(CALLER_TRACE, client.getTraceId());
        assertEquals(server.getSpanId(), client.getParentSpanId());
        assertEquals(client.getSpanId(), backendParent, "the backend's parent is the gateway's call to it");
        assertEquals(200L, client.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
    }

    @Test
    void aRequestWithoutTraceStartsOneAndTheAccessLogLineCarriesIt() {
        HttpResponse<String> response = get("/users/8");

        assertEquals(200, response.statusCode());
        String received = echoedHeaders(json(response.body())).get("traceparent");
        String traceId = received.split("-")[1];
        assertNotEquals("00000000000000000000000000000000", traceId);
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();

        ILoggingEvent line = awaitLine(event -> event.getLoggerName().equals("gateway.access")
                && event.getFormattedMessage().contains("id=" + requestId));
        assertEquals(traceId, line.getMDCPropertyMap().get("trace_id"), line.getFormattedMessage());
    }

    @Test
    void aBackendThatIsDownIsA502WhoseBodyQuotesTheTrace() {
        HttpResponse<String> response = getInCallersTrace("/orders/1");

        assertEquals(502, response.statusCode());
        assertEquals(CALLER_TRACE, json(response.body()).get("traceId"), response.body());
        SpanData server = awaitSpan(span -> span.getKind() == SpanKind.SERVER);
        assertEquals(StatusCode.ERROR, server.getStatus().getStatusCode());
    }

    @Test
    void aRefusedPathIsTracedAndItsProblemQuotesTheTrace() {
        HttpResponse<String> response = getInCallersTrace("/users/%2e%2e/health");

        assertEquals(400, response.statusCode());
        assertEquals(CALLER_TRACE, json(response.body()).get("traceId"), response.body());
    }

    @Test
    void healthProbesMakeNoSpans() {
        assertEquals(200, get("/health").statusCode());
        assertEquals(200, get("/users/9").statusCode());

        awaitSpan(span -> span.getKind() == SpanKind.SERVER && "/users/9".equals(urlPath(span)));
        assertEquals(List.of(), spans.getFinishedSpanItems().stream().filter(span -> "/health".equals(urlPath(span))).toList());
    }

    /** A GET that comes with the caller's trace context, as from a service that traces itself. */
    private HttpResponse<String> getInCallersTrace(String path) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01").GET().build());
    }

    private static String urlPath(SpanData span) {
        return span.getAttributes().get(AttributeKey.stringKey("url.path"));
    }

    private SpanData awaitSpan(Predicate<SpanData> wanted) {
        return await(spans::getFinishedSpanItems, wanted, "span");
    }

    private ILoggingEvent awaitLine(Predicate<ILoggingEvent> wanted) {
        // the appender adds lines under its own lock
        return await(() -> {
            synchronized (logged) {
                return List.copyOf(logged.list);
            }
        }, wanted, "line");
    }

    /** The first of what {@code seen} holds that is {@code wanted}, polled for up to 5 s. */
    private static <T> T await(Supplier<List<T>> seen, Predicate<T> wanted, String what) {
        Instant limit = Instant.now().plus(Duration.ofSeconds(5));
        while (Instant.now().isBefore(limit)) {
            for (T item : seen.get()) {
                if (wanted.test(item)) {
                    return item;
                }
            }
            pause();
        }
        return fail("no such " + what + " among " + seen.get());
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
