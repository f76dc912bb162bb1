package microlab.e2e.observability;

import microlab.e2e.Http;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Jaeger's query API (port 16686): one trace by its id, as the UI reads it. */
public final class Jaeger {

    private final Http jaeger;

    public Jaeger(String base) {
        this.jaeger = new Http(base);
    }

    /** The trace, or empty while Jaeger does not know it yet (404). */
    public Optional<Trace> trace(String traceId) {
        HttpResponse<String> response = jaeger.get("/api/traces/" + traceId);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /api/traces/" + traceId + " -> " + response.statusCode() + ": " + response.body());
        }
        List<Trace> traces = Http.read(response.body(), Answer.class).data();
        return traces == null || traces.isEmpty() ? Optional.empty() : Optional.of(traces.get(0));
    }

    record Answer(List<Trace> data) {
    }

    public record Trace(String traceID, List<Span> spans, Map<String, Process> processes) {

        public String serviceOf(Span span) {
            Process process = processes.get(span.processID());
            return process == null ? "?" : process.serviceName();
        }

        /** The spans whose parent is not in the trace: one, the gateway's server span, when the trace is whole. */
        public List<Span> roots() {
            return spans.stream().filter(span -> span.parentSpanId().map(parent -> spans.stream()
                    .noneMatch(other -> other.spanID().equals(parent))).orElse(true)).toList();
        }
    }

    public record Span(String traceID, String spanID, String operationName, List<Reference> references,
                       long startTime, long duration, List<Tag> tags, String processID) {

        Optional<String> parentSpanId() {
            return references == null ? Optional.empty() : references.stream()
                    .filter(reference -> "CHILD_OF".equals(reference.refType())).map(Reference::spanID).findFirst();
        }

        public Optional<String> tag(String key) {
            return tags == null ? Optional.empty() : tags.stream()
                    .filter(tag -> key.equals(tag.key())).map(tag -> String.valueOf(tag.value())).findFirst();
        }
    }

    public record Reference(String refType, String traceID, String spanID) {
    }

    public record Tag(String key, Object value) {
    }

    public record Process(String serviceName) {
    }
}
