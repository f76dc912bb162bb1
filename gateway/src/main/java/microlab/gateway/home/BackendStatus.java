package microlab.gateway.home;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * What a backend's {@code /health/readiness} said just now.
 *
 * @param status     UP, DOWN (it answered, but not ready), UNREACHABLE (no connection) or TIMEOUT
 * @param httpStatus the status code of its answer, null when there was none
 * @param millis     how long the check took
 * @param components the status of each of its health indicators, when it told them
 */
@Serdeable
public record BackendStatus(String service, String url, String status, @Nullable Integer httpStatus, long millis,
                            Map<String, String> components) {

    public boolean up() {
        return "UP".equals(status);
    }
}
