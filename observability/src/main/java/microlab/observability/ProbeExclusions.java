package microlab.observability;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.tracing.opentelemetry.instrument.util.OpenTelemetryExclusionsConfiguration;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Health probes and metric scrapes arrive every few seconds from the orchestrator and the scraper, not from a
 * user: traced, they would bury the requests worth reading. So unless {@code otel.exclusions} names its own
 * list, neither served nor called, these paths make no span.
 */
@Singleton
public class ProbeExclusions implements BeanCreatedEventListener<OpenTelemetryExclusionsConfiguration> {

    static final List<String> PATHS = List.of("/health(/.*)?", "/prometheus");

    @Override
    public OpenTelemetryExclusionsConfiguration onCreated(BeanCreatedEvent<OpenTelemetryExclusionsConfiguration> event) {
        OpenTelemetryExclusionsConfiguration exclusions = event.getBean();
        if (exclusions.getExclusions() == null || exclusions.getExclusions().isEmpty()) {
            exclusions.setExclusions(PATHS);
        }
        return exclusions;
    }
}
