package microlab.observability;

import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TraceExportTest {

    @Test
    void anEndpointAloneTurnsTheOtlpExportOnOverHttp() {
        Map<String, String> onOverHttp = Map.of("otel.traces.exporter", "otlp", "otel.exporter.otlp.protocol", "http/protobuf");
        assertEquals(onOverHttp, new TraceExport(false, false).exporter(
                DefaultConfigProperties.createFromMap(Map.of("otel.exporter.otlp.endpoint", "http://jaeger:4318"))));
        assertEquals(onOverHttp, new TraceExport(false, false).exporter(
                DefaultConfigProperties.createFromMap(Map.of("otel.exporter.otlp.traces.endpoint", "http://jaeger:4318/v1/traces"))));
    }

    @Test
    void aProtocolNamedIsKept() {
        assertEquals(Map.of("otel.traces.exporter", "otlp"), new TraceExport(false, false).exporter(DefaultConfigProperties.createFromMap(
                Map.of("otel.exporter.otlp.endpoint", "http://jaeger:4317", "otel.exporter.otlp.protocol", "grpc"))));
    }

    @Test
    void withoutAnEndpointNothingIsSentNorRecordedUnlessACallerAsks() {
        Map<String, String> notRecorded = Map.of("otel.traces.sampler", "parentbased_always_off");
        assertEquals(notRecorded, new TraceExport(false, false).exporter(DefaultConfigProperties.createFromMap(Map.of())));
        assertEquals(notRecorded, new TraceExport(false, false).exporter(
                DefaultConfigProperties.createFromMap(Map.of("otel.exporter.otlp.endpoint", " "))));
    }

    @Test
    void aSpanProcessorOrASamplerNamedKeepsTheDefaultSampling() {
        assertEquals(Map.of(), new TraceExport(false, true).exporter(DefaultConfigProperties.createFromMap(Map.of())));
        assertEquals(Map.of(), new TraceExport(false, false).exporter(
                DefaultConfigProperties.createFromMap(Map.of("otel.traces.sampler", "always_on"))));
    }

    @Test
    void anExporterNamedExplicitlyWins() {
        assertEquals(Map.of(), new TraceExport(true, false).exporter(DefaultConfigProperties.createFromMap(
                Map.of("otel.exporter.otlp.endpoint", "http://jaeger:4318", "otel.traces.exporter", "none"))));
    }
}
