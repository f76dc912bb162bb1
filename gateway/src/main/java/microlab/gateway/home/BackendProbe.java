package microlab.gateway.home;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import jakarta.inject.Singleton;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Asks every backend's {@code /health/readiness}, all at once, each bounded by {@code gateway.probe-timeout}.
 * Only the home page uses it: the gateway's own readiness never depends on its backends, or one slow
 * backend would take every route out of service.
 */
@Singleton
public class BackendProbe {

    private static final Argument<Map<String, Object>> HEALTH = Argument.mapOf(String.class, Object.class);

    private final HttpClient client;
    private final Duration timeout;

    public BackendProbe(HttpClient client, @Value("${gateway.probe-timeout:2s}") Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    public Mono<List<BackendStatus>> probeAll(Map<String, URI> backends) {
        return Flux.fromIterable(backends.entrySet())
                .flatMapSequential(backend -> probe(backend.getKey(), backend.getValue()))
                .collectList();
    }

    Mono<BackendStatus> probe(String service, URI baseUrl) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return Mono.from(client.exchange(HttpRequest.GET(baseUrl + "/health/readiness"), HEALTH))
                    .timeout(timeout)
                    .map(response -> answered(service, baseUrl, response, start))
                    .onErrorResume(HttpClientResponseException.class,
                            failure -> Mono.just(answered(service, baseUrl, failure.getResponse(), start)))
                    .onErrorResume(failure -> Mono.just(new BackendStatus(service, baseUrl.toString(),
                            failure instanceof TimeoutException || failure instanceof ReadTimeoutException
                                    ? "TIMEOUT" : "UNREACHABLE",
                            null, millisSince(start), Map.of())));
        });
    }

    private static BackendStatus answered(String service, URI baseUrl, HttpResponse<?> response, long start) {
        Map<String, Object> body = response.getBody(HEALTH).orElse(Map.of());
        String status = response.code() == 200 ? "UP" : "DOWN";
        return new BackendStatus(service, baseUrl.toString(), status, response.code(), millisSince(start),
                components(body));
    }

    private static Map<String, String> components(Map<String, Object> body) {
        Map<String, String> components = new LinkedHashMap<>();
        if (body.get("details") instanceof Map<?, ?> details) {
            details.forEach((name, detail) -> {
                if (detail instanceof Map<?, ?> indicator && indicator.get("status") != null) {
                    components.put(String.valueOf(name), String.valueOf(indicator.get("status")));
                }
            });
        }
        return components;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
