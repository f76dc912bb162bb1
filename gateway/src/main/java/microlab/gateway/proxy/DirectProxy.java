package microlab.gateway.proxy;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.util.SupplierUtil;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.HttpRequest;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.inject.Singleton;
import microlab.gateway.route.Route;
import microlab.gateway.problem.NettyProblems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The gateway's fast path: routed requests proxied by a Netty handler on each connection
 * ({@link DirectProxyHandler}) instead of going through Micronaut's filters and {@code ProxyHttpClient}
 * ({@link BackendProxyFilter}). It does what that path does for the requests it takes (route timeout
 * 504, refused 502, request ids, X-Forwarded-*, hop-by-hop stripping, redirects and compressed bodies
 * passed through, streaming both ways, the access log line and the {@code gateway.proxy.requests} timer),
 * at a fraction of the cost per request: a profile of the filter path showed the time spread over
 * Micronaut's filter chain, reactive operators and client layers, with no single hot spot to remove.
 * <p>
 * Which requests it takes is {@link ProxyPolicy#directRoute}'s to say; the others go on to Micronaut as
 * before, and so does a request pipelined behind one Micronaut still answers.
 */
@Singleton
public class DirectProxy implements GracefulShutdownCapable {

    static final Logger LOG = LoggerFactory.getLogger(DirectProxy.class);

    private final ProxyPolicy policy;
    private final NettyProblems problems;
    /**
     * Resolved at the first routed request, not at start-up, and then kept: a bean looked up per request cost
     * the direct path 6% of its CPU (a profile of GET /users/1, 2026-12-06).
     */
    private final Supplier<ExchangeTrace.Source> traces;
    private final BackendConnections backends;
    private final AtomicInteger active = new AtomicInteger();
    private final LongAdder taken = new LongAdder();
    private final List<CompletableFuture<Void>> drained = new CopyOnWriteArrayList<>();

    public DirectProxy(ProxyPolicy policy, Replicas replicas, NettyProblems problems, BeanProvider<OpenTelemetry> telemetry,
                       @Value("${micronaut.http.client.connect-timeout:2s}") Duration connectTimeout,
                       @Value("${gateway.backend-connection-max-age:4s}") Duration connectionMaxAge) {
        this.policy = policy;
        this.problems = problems;
        // no OpenTelemetry bean when micronaut.otel.enabled is false: spans are then no-ops, as on the filter path
        this.traces = SupplierUtil.memoized(() -> ExchangeTrace.Source.of(telemetry.isPresent() ? telemetry.get() : OpenTelemetry.noop()));
        this.backends = new BackendConnections(replicas, connectTimeout, connectionMaxAge);
        if (!policy.directPath()) {
            LOG.info("routed requests go through the filter path only (the rate limit is on, or gateway.direct-proxy.enabled is false)");
        }
    }

    /** Whether routed requests take the direct path at all. */
    public boolean enabled() {
        return policy.directPath();
    }

    ProxyPolicy policy() {
        return policy;
    }

    /** The handler for one new connection, put right behind Micronaut's HTTP/1 codec (and the connection guard). */
    public ChannelHandler newHandler() {
        return new DirectProxyHandler(this);
    }

    /** A request's path as it came, without its query. */
    static String rawPath(HttpRequest request) {
        String uri = request.uri();
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    /** Starts the trace of a request this path takes. */
    ExchangeTrace trace(HttpRequest request, String rawPath, Route route) {
        return traces.get().start(request, rawPath, route);
    }

    BackendConnections backends() {
        return backends;
    }

    /** The gateway's own problem+json answers, as the filter path's error processor writes them. */
    NettyProblems problems() {
        return problems;
    }

    void started() {
        taken.increment();
        active.incrementAndGet();
    }

    /** How many requests this path has taken since start-up. */
    long taken() {
        return taken.sum();
    }

    void ended() {
        if (active.decrementAndGet() == 0) {
            drained.forEach(done -> done.complete(null));
        }
    }

    /** Waits for the exchanges in flight, as Micronaut waits for the requests it handles. */
    @Override
    public CompletionStage<?> shutdownGracefully() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        drained.add(done);
        if (active.get() == 0) {
            done.complete(null);
        }
        return done;
    }

    @Override
    public OptionalLong reportActiveTasks() {
        return OptionalLong.of(active.get());
    }
}
