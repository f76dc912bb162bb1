package microlab.observability;

import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TraceExportTest {

    @Test
    void anEndpointAloneTurnsTheOtlpExportOnOverHttp() {
        Map<String, String> onOverHttp = Map.of("otel.traces.exporter", "otlp", "otel.exporter.otlp.protocol", "http/protobuf");
        assertEquals(onOverHttp, new TraceExport(false).exporter(
                DefaultConfigProperties.createFromMap(Map.of("otel.exporter.otlp.endpoint", "http://jaeger:4318"))));
        assertEquals(onOverHttp, new TraceExport(false).exporter(
                DefaultConfigProperties.createFromMap(Map.of("otel.exporter.otlp.traces.endpoint", "http://jaeger:4318/v1/traces"))));
    }

    @Test
    void aProtocolNamedIsKept() {
        assertEquals(Map.of("otel.traces.exporter", "otlp"), new TraceExport(false).exporter(DefaultConfigProperties.createFromMap(
                Map.of("otel.exporter.otlp.endpoint", "http://jaeger:4317", "otel.exporter.otlp.protocol", "grpc"))));
    }

    @Test
    void withoutAnEndpointNothingIsSent() {
        assertEquals(Map.of(), new TraceExport(false).exporter(DefaultConfigProperties.createFromMap(Map.of())));
        assertEquals(Map.of(), new TraceExport(false).exporter(
                DefaultConfigProperties.createFromMap(Map.of("otel.exporter.otlp.endpoint", " "))));
    }

    @Test
    void anExporterNamedExplicitlyWins() {
        assertEquals(Map.of(), new TraceExport(true).exporter(DefaultConfigProperties.createFromMap(
                Map.of("otel.exporter.otlp.endpoint", "http://jaeger:4318", "otel.traces.exporter", "none"))));
    }
}
