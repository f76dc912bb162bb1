package microlab.observability;

import io.micronaut.context.env.Environment;
import io.micronaut.tracing.opentelemetry.OpenTelemetryBuilderCustomizer;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/**
 * Every request has a trace id (in every log line written for it and in every problem+json body), but
 * spans are sent nowhere by default. Setting an OTLP endpoint ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, or
 * {@code otel.exporter.otlp.endpoint}) is enough to send them there: no second switch to remember. An
 * exporter named explicitly ({@code OTEL_TRACES_EXPORTER}, {@code otel.traces.exporter}) still wins. The
 * protocol is OTLP over HTTP (port 4318), the one every trace store takes, unless one is named.
 * <p>
 * While nothing receives spans (no exporter, no span processor), they are not recorded: the sampler is
 * {@code parentbased_always_off}, so a request gets its ids and its context, which cost next to nothing,
 * but no span keeps attributes and events for nobody; a caller that asks for its trace (a sampled
 * {@code traceparent}) still gets it recorded. A sampler named explicitly ({@code OTEL_TRACES_SAMPLER}) wins.
 * (What tracing costs, measured: docs/operations.md, "Speed and size".)
 */
@Singleton
public class TraceExport implements OpenTelemetryBuilderCustomizer {

    static final String EXPORTER = "otel.traces.exporter";
    static final String PROTOCOL = "otel.exporter.otlp.protocol";
    static final String SAMPLER = "otel.traces.sampler";
    static final String NOT_RECORDED = "parentbased_always_off";

    private final boolean exporterNamed;
    private final boolean processorsPresent;

    @Inject
    public TraceExport(Environment environment, List<SpanProcessor> processors) {
        this(environment.containsProperty(EXPORTER), !processors.isEmpty());
    }

    TraceExport(boolean exporterNamed, boolean processorsPresent) {
        this.exporterNamed = exporterNamed;
        this.processorsPresent = processorsPresent;
    }

    @Override
    public void configure(AutoConfiguredOpenTelemetrySdkBuilder builder) {
        builder.addPropertiesCustomizer(this::exporter);
    }

    Map<String, String> exporter(ConfigProperties config) {
        if (exporterNamed) {
            return Map.of();
        }
        if (!endpointSet(config)) {
            boolean samplerNamed = config.getString(SAMPLER) != null;
            return processorsPresent || samplerNamed ? Map.of() : Map.of(SAMPLER, NOT_RECORDED);
        }
        boolean protocolNamed = config.getString(PROTOCOL) != null || config.getString("otel.exporter.otlp.traces.protocol") != null;
        return protocolNamed ? Map.of(EXPORTER, "otlp") : Map.of(EXPORTER, "otlp", PROTOCOL, "http/protobuf");
    }

    private static boolean endpointSet(ConfigProperties config) {
        return !config.getString("otel.exporter.otlp.endpoint", "").isBlank()
                || !config.getString("otel.exporter.otlp.traces.endpoint", "").isBlank();
    }
}
