package microlab.gateway.ratelimit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/** {@code gateway.rate-limit} in application.yml. */
@ConfigurationProperties("gateway.rate-limit")
public record RateLimitProperties(
        @Bindable(defaultValue = "false") boolean enabled,
        @Bindable(defaultValue = "600") int requests,
        @Bindable(defaultValue = "1m") Duration window,
        @Bindable(defaultValue = "200ms") Duration redisTimeout,
        @Bindable(defaultValue = "10s") Duration pauseAfterFailure) {
}
