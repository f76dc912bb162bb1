package microlab.gateway.ratelimit;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import microlab.gateway.route.RouteTable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;

/**
 * Answers 429 with Retry-After to a client over its limit. Only routed paths count: the gateway's own
 * health checks must keep answering probes however busy a client is. The address is the connection's
 * peer; behind an Ingress that is the Ingress, so there the limit is per Ingress replica.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
@Requires(beans = RedisRateLimiter.class)
public class RateLimitFilter implements HttpServerFilter {

    private final RedisRateLimiter limiter;
    private final RouteTable routes;
    private final ErrorResponseProcessor<?> errors;

    public RateLimitFilter(RedisRateLimiter limiter, RouteTable routes, ErrorResponseProcessor<?> errors) {
        this.limiter = limiter;
        this.routes = routes;
        this.errors = errors;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.TRACING.after() + 2;
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        if (routes.match(request.getUri().getRawPath()).isEmpty()) {
            return chain.proceed(request);
        }
        return limiter.admit(address(request.getRemoteAddress())).flatMapMany(verdict -> verdict.allowed()
                ? Flux.from(chain.proceed(request))
                : Mono.just(tooMany(request, verdict.retryAfterSeconds())));
    }

    private MutableHttpResponse<?> tooMany(HttpRequest<?> request, long retryAfterSeconds) {
        String detail = "Too many requests from this address; try again in " + retryAfterSeconds + " s.";
        return errors.processResponse(ErrorContext.builder(request).errorMessage(detail).build(),
                        HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS))
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
    }

    private static String address(InetSocketAddress remote) {
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }
}
