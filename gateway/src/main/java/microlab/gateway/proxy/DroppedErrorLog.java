package microlab.gateway.proxy;

import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Hooks;

/**
 * A client that disconnects while its body still streams to a backend whose answer was already decided
 * (a 504, a 413) makes the body's stream fail after nobody listens to it any more. Reactor would log that
 * with a stack trace at ERROR; for a gateway it is ordinary, so it gets one WARN line.
 */
@Context
public class DroppedErrorLog {

    private static final Logger LOG = LoggerFactory.getLogger(DroppedErrorLog.class);

    public DroppedErrorLog() {
        Hooks.onErrorDropped(error -> LOG.warn("after the response was decided: {}", error.toString()));
    }

    @PreDestroy
    void remove() {
        Hooks.resetOnErrorDropped();
    }
}
