package microlab.problem;

import io.micronaut.serde.annotation.Serdeable;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

import java.util.List;

/**
 * An RFC 9457 problem detail; {@code errors} lists each violated constraint, when there are several (null
 * otherwise). {@code traceId}, an extension member, is the W3C trace id of the request it answers, so a user
 * can quote it and an operator find every span and log line of that request (null outside a trace).
 */
@Serdeable
public record Problem(String type, String title, int status, String detail, String instance, List<String> errors,
                      String traceId) {

    /** A problem for the request being traced on this thread. */
    public static Problem of(String type, String title, int status, String detail, String instance, List<String> errors) {
        return new Problem(type, title, status, detail, instance, errors, traceId(Span.current().getSpanContext()));
    }

    /** The trace id of a span context, or null when it is not a valid one. */
    private static String traceId(SpanContext context) {
        return context.isValid() ? context.getTraceId() : null;
    }
}
