package microlab.gateway.home;

import io.micronaut.serde.annotation.Serdeable;

/** A route as the home page shows it. */
@Serdeable
public record RouteView(String prefix, String service, String url, long timeoutMillis) {
}
