package microlab.orders.users;

import io.micronaut.context.annotation.Value;
import io.micronaut.health.HealthStatus;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;

/**
 * Readiness counts users-service as a required upstream: without it no order can be placed, so an
 * instance that cannot reach it should not be sent traffic. It is not part of liveness: restarting
 * orders-service would not bring users-service back.
 */
@Singleton
public class UsersServiceHealthIndicator implements HealthIndicator {

    private static final String NAME = "users-service";

    private final HttpClient client;
    private final Duration timeout;

    public UsersServiceHealthIndicator(@Client(id = "users") HttpClient client,
                                       @Value("${orders.users-health.timeout:800ms}") Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.from(client.exchange(HttpRequest.GET("/health/liveness")))
                .timeout(timeout)
                .map(response -> HealthResult.builder(NAME, HealthStatus.UP).build())
                .onErrorResume(e -> Mono.just(HealthResult.builder(NAME, HealthStatus.DOWN)
                        .details(Map.of("error", e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage())))
                        .build()));
    }
}
