package microlab.problem.body;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteInfo;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A route that binds a request body needs a Content-Type it consumes. Micronaut itself answers 415 to
 * a well-formed type the route does not consume, but takes a body with no Content-Type, an empty one
 * or an unparsable one as the route's first type: a client that forgot the header would have its body
 * read as JSON. Here each of those is a 415 problem naming the types the route accepts.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class ContentTypeFilter {

    @RequestFilter
    public void requireContentType(HttpRequest<?> request) {
        RouteInfo<?> route = RouteAttributes.getRouteMatch(request).map(match -> match.getRouteInfo()).orElse(null);
        if (route == null || route.getBodyArgument().isEmpty()) {
            return;
        }
        String header = request.getHeaders().get(io.micronaut.http.HttpHeaders.CONTENT_TYPE);
        MediaType type = parse(header);
        if (type == null || !consumes(route, type)) {
            throw new HttpStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, (header == null
                    ? "The request has a body but no Content-Type"
                    : "Content-Type '" + header + "' is not accepted here")
                    + "; send it as " + route.getConsumes().stream().map(MediaType::getName).collect(Collectors.joining(" or ")) + ".");
        }
    }

    private static boolean consumes(RouteInfo<?> route, MediaType type) {
        List<MediaType> accepted = route.getConsumes();
        return accepted.stream().anyMatch(a -> a.getName().equalsIgnoreCase(type.getName()));
    }

    private static MediaType parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            MediaType type = MediaType.of(header.trim());
            String name = type.getName().toLowerCase(Locale.ROOT);
            int slash = name.indexOf('/');
            return slash > 0 && slash < name.length() - 1 ? type : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
