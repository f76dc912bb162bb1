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
import reactor.core.publisher.Mono;

/**
 * Gives every request Micronaut handles an {@code X-Request-Id}, returns it to the caller and writes its
 * {@link AccessLog} line in the request's trace (the direct path does the same for the requests it
 * takes). It runs inside Micronaut's tracing filter, so a request the path guard refuses is traced and logged
 * as well.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
public class AccessLogFilter implements HttpServerFilter {

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
            try (Scope ignored = trace.makeCurrent()) {
                AccessLog.write(request.getMethodName(), request.getUri().getRawPath(), response.code(),
                        System.nanoTime() - start, requestId);
            }
        });
    }
}
