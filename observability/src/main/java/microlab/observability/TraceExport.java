package microlab.observability;

import io.micronaut.context.env.Environment;
import io.micronaut.tracing.opentelemetry.OpenTelemetryBuilderCustomizer;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Spans are always made (so every log line and every problem+json body of a request carries its trace
 * id), but sent nowhere by default. Setting an OTLP endpoint ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, or
 * {@code otel.exporter.otlp.endpoint}) is enough to send them there: no second switch to remember. An
 * exporter named explicitly ({@code OTEL_TRACES_EXPORTER}, {@code otel.traces.exporter}) still wins. The
 * protocol is OTLP over HTTP (port 4318), the one every trace store takes, unless one is named.
 */
@Singleton
public class TraceExport implements OpenTelemetryBuilderCustomizer {

    static final String EXPORTER = "otel.traces.exporter";
    static final String PROTOCOL = "otel.exporter.otlp.protocol";

    private final boolean exporterNamed;

    @Inject
    public TraceExport(Environment environment) {
        this(environment.containsProperty(EXPORTER));
    }

    TraceExport(boolean exporterNamed) {
        this.exporterNamed = exporterNamed;
    }

    @Override
    public void configure(AutoConfiguredOpenTelemetrySdkBuilder builder) {
        builder.addPropertiesCustomizer(this::exporter);
    }

    Map<String, String> exporter(ConfigProperties config) {
        if (exporterNamed || !endpointSet(config)) {
            return Map.of();
        }
        boolean protocolNamed = config.getString(PROTOCOL) != null || config.getString("otel.exporter.otlp.traces.protocol") != null;
        return protocolNamed ? Map.of(EXPORTER, "otlp") : Map.of(EXPORTER, "otlp", PROTOCOL, "http/protobuf");
    }

    private static boolean endpointSet(ConfigProperties config) {
        return !config.getString("otel.exporter.otlp.endpoint", "").isBlank()
                || !config.getString("otel.exporter.otlp.traces.endpoint", "").isBlank();
    }
}
