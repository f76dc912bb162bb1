package microlab.gateway.route;

import java.net.URI;
import java.time.Duration;

/**
 * A path prefix and the backend that serves it.
 *
 * @param prefix  starts with a slash and has none at the end, e.g. {@code /users}
 * @param service the service id, the key of {@code micronaut.http.services.<id>.url}
 * @param baseUrl the backend's scheme, host and port, without a path
 * @param timeout how long to wait for the backend's status line and headers
 */
public record Route(String prefix, String service, URI baseUrl, Duration timeout) {

    /** True for the prefix itself and anything below it; {@code /usersX} is not below {@code /users}. */
    public boolean matches(String path) {
        return path.startsWith(prefix)
                && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    /** The backend URI for a request: the same raw (still encoded) path and query on the backend's host. */
    public URI target(String rawPath, String rawQuery) {
        return target(baseUrl, rawPath, rawQuery);
    }

    /** The same for one of the backend's replicas: {@code base} is its scheme, address and port. */
    public static URI target(URI base, String rawPath, String rawQuery) {
        String query = rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery;
        return URI.create(base + rawPath + query);
    }
}
