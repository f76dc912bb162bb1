package microlab.gateway.access;

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
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Refuses a suspicious path with a 400 before anything, the gateway's own endpoints included, sees it. Only
 * the tracing filter and the access log come before it, so a refusal has a trace id and an access log line.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
public class PathGuardFilter implements HttpServerFilter {

    private final ErrorResponseProcessor<?> errors;

    public PathGuardFilter(ErrorResponseProcessor<?> errors) {
        this.errors = errors;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.TRACING.after() + 1;
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        return PathGuard.problem(request.getUri().getRawPath())
                .<Publisher<MutableHttpResponse<?>>>map(detail -> Mono.just(errors.processResponse(
                        ErrorContext.builder(request).errorMessage(detail).build(),
                        HttpResponse.status(HttpStatus.BAD_REQUEST))))
                .orElseGet(() -> chain.proceed(request));
    }
}
