package microlab.consumer.users;

import io.micronaut.health.HealthStatus;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;

import java.util.Map;

/** Readiness includes users-service: without it this service has nothing new to say. */
@Singleton
@Readiness
class UsersServiceHealth extends AbstractHealthIndicator<Map<String, Object>> {

    private final HttpClient users;

    UsersServiceHealth(@Client(id = "users") HttpClient users) {
        this.users = users;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        try {
            users.toBlocking().exchange(HttpRequest.GET("/health/liveness"));
            healthStatus = HealthStatus.UP;
            return Map.of();
        } catch (RuntimeException e) {
            healthStatus = HealthStatus.DOWN;
            return Map.of("error", String.valueOf(e.getMessage()));
        }
    }

    @Override
    protected String getName() {
        return "users-service";
    }
}
