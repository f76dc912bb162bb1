package microlab.observability;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The services' one logging setup (logback.xml of this module), loaded as logback loads it, in both formats. */
class LogFormatTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    private final PrintStream console = System.out;

    @AfterEach
    void restore() throws JoranException {
        System.setOut(console);
        configure(null);
    }

    @Test
    void textIsTheDefaultAndALineInATraceEndsWithItsIds() throws JoranException {
        String out = logged(null);

        String[] lines = out.split("\n");
        assertEquals(2, lines.length, out);
        assertTrue(lines[0].endsWith(" - outside a request"), lines[0]);
        assertTrue(lines[1].endsWith(" - serving id=7 trace_id=" + TRACE + " span_id=" + SPAN), lines[1]);
    }

    @Test
    void jsonIsOneObjectPerLineWithTheTraceInItsMdc() throws JoranException {
        String out = logged("json");

        String[] lines = out.split("\n");
        assertEquals(2, lines.length, out);
        assertTrue(lines[0].startsWith("{") && lines[0].endsWith("}"), lines[0]);
        assertTrue(lines[0].contains("\"formattedMessage\":\"outside a request\""), lines[0]);
        assertTrue(!lines[0].contains("trace_id"), lines[0]);
        assertTrue(lines[1].contains("\"formattedMessage\":\"serving id=7\""), lines[1]);
        assertTrue(lines[1].contains("\"trace_id\":\"" + TRACE + "\""), lines[1]);
        assertTrue(lines[1].contains("\"span_id\":\"" + SPAN + "\""), lines[1]);
        assertTrue(lines[1].contains("\"level\":\"INFO\""), lines[1]);
    }

    @Test
    void anUnknownFormatIsReportedAtStartUp() throws JoranException {
        LoggerContext context = configure("xml");

        assertTrue(context.getStatusManager().getCopyOfStatusList().stream()
                .anyMatch(status -> status.getLevel() >= Status.WARN
                        && status.getMessage().contains("microlab/logging/xml.xml")),
                String.valueOf(context.getStatusManager().getCopyOfStatusList()));
    }

    private String logged(String format) throws JoranException {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        configure(format);
        var log = LoggerFactory.getLogger("microlab.test");
        log.info("outside a request");
        Span span = Span.wrap(SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault()));
        try (Scope ignored = span.makeCurrent()) {
            log.info("serving id={}", 7);
        }
        System.out.flush();
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** Loads logback.xml afresh, with LOG_FORMAT as a property of the context (as the environment would give it). */
    private static LoggerContext configure(String format) throws JoranException {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        context.getStatusManager().clear();
        if (format != null) {
            context.putProperty("LOG_FORMAT", format);
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
        return context;
    }
}
