package microlab.gateway.home;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/** The gateway's home page: where each path goes, and whether each backend is ready right now. */
@Serdeable
public record Home(String service, List<RouteView> routes, List<BackendStatus> backends, Instant checkedAt) {
}
