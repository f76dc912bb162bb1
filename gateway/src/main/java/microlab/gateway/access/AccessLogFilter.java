package microlab.gateway.access;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Gives every request an {@code X-Request-Id}, returns it to the caller and logs one line per request:
 * method, raw path (the query stays out of the log: it may carry personal data), status, milliseconds until
 * the response headers, request id.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
public class AccessLogFilter implements HttpServerFilter {

    private static final Logger LOG = LoggerFactory.getLogger("gateway.access");

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.before();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        long start = System.nanoTime();
        String requestId = RequestIds.assign(request);
        return Mono.from(chain.proceed(request)).doOnNext(response -> {
            response.getHeaders().set(RequestIds.HEADER, requestId);
            long millis = (System.nanoTime() - start) / 1_000_000;
            LOG.info("{} {} {} {}ms id={}", request.getMethodName(), request.getUri().getRawPath(),
                    response.code(), millis, requestId);
        });
    }
}
