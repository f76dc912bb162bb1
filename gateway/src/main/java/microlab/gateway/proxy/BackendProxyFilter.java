package microlab.gateway.proxy;

import io.micronaut.context.BeanProvider;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.client.ProxyHttpClient;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.opentelemetry.api.OpenTelemetry;
import microlab.gateway.access.RequestIds;
import microlab.gateway.route.Route;
import microlab.gateway.route.RouteTable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Sends a request whose path belongs to a route to that route's backend and streams the answer back.
 * Paths of no route (the home page, the gateway's own /health and /prometheus, unknown paths) go on to
 * the gateway's own controllers, so a backend's management endpoints have no route to be reached by.
 * Each proxied request is timed as {@code gateway.proxy.requests} tagged by route, service and status:
 * Micronaut's own server metrics leave out requests that no controller of the gateway handled.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
public class BackendProxyFilter implements HttpServerFilter {

    private static final Logger LOG = LoggerFactory.getLogger(BackendProxyFilter.class);

    private final RouteTable routes;
    private final ProxyHttpClient client;
    private final ErrorResponseProcessor<?> errors;
    private final ProxyPolicy policy;
    private final long maxRequestSize;
    private final Replicas replicas;
    private final boolean traced;

    public BackendProxyFilter(RouteTable routes, ProxyHttpClient client, ErrorResponseProcessor<?> errors,
                              ProxyPolicy policy, HttpServerConfiguration server, Replicas replicas,
                              BeanProvider<OpenTelemetry> telemetry) {
        this.routes = routes;
        // no OpenTelemetry bean when micronaut.otel.enabled is false: the caller's trace context then goes on as it came
        this.traced = telemetry.isPresent();
        this.replicas = replicas;
        this.client = client;
        this.errors = errors;
        this.policy = policy;
        this.maxRequestSize = server.getMaxRequestSize();
    }

    // Last, so that the access log, the path guard and the metrics see proxied requests too.
    @Override
    public int getOrder() {
        return ServerFilterPhase.LAST.order();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        String rawPath = request.getUri().getRawPath();
        Optional<Route> match = routes.match(rawPath);
        if (match.isEmpty()) {
            return chain.proceed(request);
        }
        Route route = match.get();
        String requestId = RequestIds.of(request);
        // A declared size over the limit is refused before the backend hears of the request; a chunked body
        // that grows past it is cut off while streaming and refused the same way.
        if (request.getContentLength() > maxRequestSize) {
            return Mono.just(failed(request, route, new ContentLengthExceededException(maxRequestSize,
                    request.getContentLength()), requestId));
        }
        MutableHttpRequest<?> outbound = request.mutate();
        ProxyHeaders.toBackend(request, outbound.getHeaders(), requestId, traced);
        List<URI> candidates = replicas.candidates(route.baseUrl());
        String rawQuery = request.getUri().getRawQuery();
        long started = System.nanoTime();
        // streamed: a refused connection (nothing of the body read yet) goes on to the next replica;
        // replayed: a copy with the body in memory, so a connection closed unanswered may go on too
        Function<URI, URI> target = base -> Route.target(base, rawPath, rawQuery);
        Mono<MutableHttpResponse<?>> exchange = !Replicas.replayable(request) || candidates.size() == 1
                ? attempt(base -> outbound.uri(target.apply(base)), Replicas::isRefused, candidates, 0)
                : body(request).flatMap(body -> attempt(base -> copy(outbound, body, target.apply(base)),
                        Replicas::mayRetry, candidates, 0));
        return exchange
                .timeout(route.timeout())
                .<MutableHttpResponse<?>>map(response -> {
                    ProxyHeaders.toClient(response.getHeaders(), requestId);
                    return response;
                })
                .onErrorResume(failure -> Mono.just(failed(request, route, failure, requestId)))
                .doOnNext(response -> policy.timed(route, response.code(), System.nanoTime() - started));
    }

    /**
     * Sends the request {@code requestTo} makes for the replica at {@code index}; a failure that
     * {@code goesOn} accepts moves on to the next replica, and the last one's failure is the answer.
     */
    private Mono<MutableHttpResponse<?>> attempt(Function<URI, MutableHttpRequest<?>> requestTo,
                                                 Predicate<Throwable> goesOn, List<URI> candidates, int index) {
        URI base = candidates.get(index);
        MutableHttpRequest<?> request = requestTo.apply(base);
        Mono<MutableHttpResponse<?>> sent = Mono.from(client.proxy(request));
        if (index + 1 == candidates.size()) {
            return sent;
        }
        return sent.onErrorResume(goesOn, failure -> {
            nextReplica(request, base, failure);
            return attempt(requestTo, goesOn, candidates, index + 1);
        });
    }

    /** A copy of {@code outbound} for {@code target}, its body given whole. */
    private static MutableHttpRequest<?> copy(MutableHttpRequest<?> outbound, byte[] body, URI target) {
        MutableHttpRequest<Object> copy = HttpRequest.create(outbound.getMethod(), target.toString());
        outbound.getHeaders().forEach((name, values) -> values.forEach(value -> copy.getHeaders().add(name, value)));
        if (body.length > 0) {
            copy.body(body);
        }
        return copy;
    }

    private void nextReplica(HttpRequest<?> outbound, URI base, Throwable failure) {
        replicas.failed(base);
        LOG.info("{} {}: {} failed ({}), trying the next replica", outbound.getMethodName(), outbound.getPath(), base,
                failure.toString());
    }

    /** The whole body of a small request, read before it is sent. */
    private static Mono<byte[]> body(HttpRequest<?> request) {
        if (request.getContentLength() <= 0 || !(request instanceof ServerHttpRequest<?> server)) {
            return Mono.just(new byte[0]);
        }
        return Mono.fromFuture(server.byteBody().buffer()).map(buffered -> {
            try (buffered) {
                return buffered.toByteArray();
            }
        });
    }

    private MutableHttpResponse<?> failed(HttpRequest<?> request, Route route, Throwable failure, String requestId) {
        HttpStatus status;
        String detail;
        if (failure instanceof TimeoutException || failure instanceof ReadTimeoutException) {
            status = HttpStatus.GATEWAY_TIMEOUT;
            detail = ProxyPolicy.tooSlow(route);
        } else if (failure instanceof ContentLengthExceededException) {
            // Seen while the body streams to the backend: the client sent more than the gateway accepts.
            status = HttpStatus.REQUEST_ENTITY_TOO_LARGE;
            detail = ProxyPolicy.tooLarge();
        } else {
            status = HttpStatus.BAD_GATEWAY;
            detail = ProxyPolicy.unreachable(route);
        }
        LOG.warn("{} {} -> {}: gateway answers {} after {} id={}", request.getMethodName(), request.getUri().getRawPath(),
                route.service(), status.getCode(), failure.toString(), requestId);
        return errors.processResponse(ErrorContext.builder(request).errorMessage(detail).build(),
                HttpResponse.status(status));
    }
}
