package microlab.gateway.proxy;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.util.SupplierUtil;
import io.micronaut.http.server.HttpServerConfiguration;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import jakarta.inject.Singleton;
import microlab.gateway.access.PathGuard;
import microlab.gateway.ratelimit.RedisRateLimiter;
import microlab.gateway.route.Route;
import microlab.gateway.route.RouteTable;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The rules both proxy paths follow, written once: which path a request takes, whether it may reach its
 * backend twice, the words of the gateway's own 502, 504 and 413 answers, and the {@code gateway.proxy.requests}
 * timer. The direct path ({@link DirectProxyHandler}) asks {@link #directRoute} once per request, as it
 * arrives; a request it is not given goes on to Micronaut and the filter path ({@link BackendProxyFilter}),
 * which takes every request of a route. The access log line, written for every request (routed or not), is
 * {@link microlab.gateway.access.AccessLog}'s.
 */
@Singleton
public class ProxyPolicy {

    /** The header a backend keys its answers by, so that a request carrying it may arrive twice. */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** RFC 9110's idempotent methods (TRACE aside, which no route serves). */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");

    private final RouteTable routes;
    private final Replicas replicas;
    /** Resolved at the first routed request, then kept: a bean looked up per request cost the direct path 6% of its CPU. */
    private final Supplier<RequestTimers> timers;
    private final long maxRequestSize;
    private final boolean direct;

    public ProxyPolicy(RouteTable routes, Replicas replicas, BeanProvider<RequestTimers> timers,
                       BeanProvider<RedisRateLimiter> rateLimiter, HttpServerConfiguration server,
                       @Value("${gateway.direct-proxy.enabled:true}") boolean direct) {
        this.routes = routes;
        this.replicas = replicas;
        this.timers = SupplierUtil.memoized(timers::get);
        this.maxRequestSize = server.getMaxRequestSize();
        // the rate limit is a Micronaut filter: with it on, every request takes the filter path
        this.direct = direct && !rateLimiter.isPresent();
    }

    /** Whether routed requests take the direct path at all. */
    public boolean directPath() {
        return direct;
    }

    /**
     * The route of a request the direct path takes, or null when it goes on to Micronaut: paths of no route
     * or that the path guard refuses, a chunked or an oversized body, and a backend name with several addresses
     * (the replica retries live in the filter path). ({@code Expect: 100-continue} is answered and taken off the
     * request before this, by the connection guard.)
     */
    Route directRoute(HttpRequest request, String rawPath) {
        if (!direct || !request.decoderResult().isSuccess() || !rawPath.startsWith("/")) {
            return null;
        }
        Route route = routes.match(rawPath).orElse(null);
        if (route == null || PathGuard.problem(rawPath).isPresent()
                || request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
                || HttpUtil.getContentLength(request, 0L) > maxRequestSize
                || !replicas.single(route.baseUrl())) {
            return null;
        }
        return route;
    }

    /**
     * Whether a request may reach its backend twice: an idempotent method, or an {@code Idempotency-Key}, which
     * its backend answers once however often it arrives. Each path adds what it needs to send it again (the
     * filter path a body small enough to hold, the direct path no body).
     */
    static boolean repeatable(String method, boolean idempotencyKey) {
        return idempotencyKey || IDEMPOTENT.contains(method);
    }

    /** The detail of a 502: the backend could not be reached, or closed the connection before it answered. */
    static String unreachable(Route route) {
        return "The " + route.service() + " service could not be reached.";
    }

    /** The detail of a 504: no answer within the route's timeout. */
    static String tooSlow(Route route) {
        return "The " + route.service() + " service did not answer within " + route.timeout().toMillis() + " ms.";
    }

    /** The detail of a 413: a body over {@code micronaut.server.max-request-size}. */
    public static String tooLarge() {
        return "The request body is larger than this gateway accepts.";
    }

    /** Counts one proxied request, by route and status, in {@code gateway.proxy.requests}. */
    void timed(Route route, int status, long nanos) {
        timers.get().of(route, status).record(nanos, TimeUnit.NANOSECONDS);
    }
}
