package microlab.gateway.proxy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import microlab.gateway.route.Route;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one timer of proxied requests, on both paths: {@code gateway.proxy.requests} by route, service and status,
 * each looked up once. It publishes a histogram (buckets from 1 ms to the longest route timeout), so that a
 * dashboard can compute the p99 per route across replicas ({@code histogram_quantile} over
 * {@code gateway_proxy_requests_seconds_bucket}).
 */
@Singleton
public class RequestTimers {

    static final String NAME = "gateway.proxy.requests";

    private final MeterRegistry meters;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public RequestTimers(MeterRegistry meters) {
        this.meters = meters;
    }

    public Timer of(Route route, int status) {
        return timers.computeIfAbsent(route.prefix() + ' ' + status, key -> Timer.builder(NAME)
                .tags("route", route.prefix(), "service", route.service(), "status", String.valueOf(status))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(meters));
    }
}
