package microlab.consumer.users;

import io.micronaut.health.HealthStatus;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;

/**
 * Readiness includes users-service: without it this service has nothing new to say. The check gets
 * 800 ms, well inside a probe's timeout, so a slow users-service reads as DOWN instead of a hung probe.
 */
@Singleton
@Readiness
class UsersServiceHealth implements HealthIndicator {

    private static final String NAME = "users-service";
    private static final Duration TIMEOUT = Duration.ofMillis(800);

    private final HttpClient users;

    UsersServiceHealth(@Client(id = "users") HttpClient users) {
        this.users = users;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.from(users.exchange(HttpRequest.GET("/health/liveness")))
                .timeout(TIMEOUT)
                .map(response -> HealthResult.builder(NAME, HealthStatus.UP).build())
                .onErrorResume(e -> Mono.just(HealthResult.builder(NAME, HealthStatus.DOWN)
                        .details(Map.of("error", e.getClass().getSimpleName() + ": " + e.getMessage()))
                        .build()));
    }
}
