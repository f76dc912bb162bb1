package microlab.gateway.access;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Gives every request an {@code X-Request-Id}, returns it to the caller and logs one line per request:
 * method, raw path (the query stays out of the log: it may carry personal data), status, milliseconds until
 * the response headers, request id; the line is logged in the request's trace, so it carries the trace id too.
 * It runs inside Micronaut's tracing filter, so a request the path guard refuses is traced and logged as well.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
public class AccessLogFilter implements HttpServerFilter {

    private static final Logger LOG = LoggerFactory.getLogger("gateway.access");

    @Override
    public int getOrder() {
        return ServerFilterPhase.TRACING.after();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        long start = System.nanoTime();
        String requestId = RequestIds.assign(request);
        Context trace = Context.current();
        return Mono.from(chain.proceed(request)).doOnNext(response -> {
            response.getHeaders().set(RequestIds.HEADER, requestId);
            long millis = (System.nanoTime() - start) / 1_000_000;
            try (Scope ignored = trace.makeCurrent()) {
                LOG.info("{} {} {} {}ms id={}", request.getMethodName(), request.getUri().getRawPath(),
                        response.code(), millis, requestId);
            }
        });
    }
}
