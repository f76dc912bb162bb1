package microlab.gateway.route;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The routes of application.yml, checked once at startup so that a typo stops the gateway instead of a request. */
@Singleton
public class RouteTable {

    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9_-]+)+");

    private final List<Route> routes;
    private final List<Route> longestPrefixFirst;

    @Inject
    public RouteTable(List<RouteProperties> properties, Environment environment,
                      @Value("${gateway.default-timeout:10s}") Duration defaultTimeout) {
        this(properties, service -> environment.getProperty(serviceUrlKey(service), URI.class), defaultTimeout);
    }

    RouteTable(List<RouteProperties> properties, Function<String, Optional<URI>> serviceUrls, Duration defaultTimeout) {
        this.routes = properties.stream()
                .sorted(Comparator.comparingInt(RouteProperties::getIndex))
                .map(entry -> toRoute(entry, serviceUrls, defaultTimeout))
                .toList();
        this.longestPrefixFirst = routes.stream()
                .sorted(Comparator.comparingInt((Route route) -> route.prefix().length()).reversed())
                .toList();
    }

    /** The routes in the order application.yml lists them. */
    public List<Route> routes() {
        return routes;
    }

    /** Each backend once, by service id, in route order. */
    public Map<String, URI> backends() {
        Map<String, URI> backends = new LinkedHashMap<>();
        routes.forEach(route -> backends.putIfAbsent(route.service(), route.baseUrl()));
        return backends;
    }

    /** The route for a decoded request path, the most specific prefix winning. */
    public Optional<Route> match(String path) {
        return longestPrefixFirst.stream().filter(route -> route.matches(path)).findFirst();
    }

    private static String serviceUrlKey(String service) {
        return "micronaut.http.services." + service + ".url";
    }

    private static Route toRoute(RouteProperties entry, Function<String, Optional<URI>> serviceUrls,
                                 Duration defaultTimeout) {
        String where = "gateway.routes[" + entry.getIndex() + "]";
        String prefix = entry.getPrefix();
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new ConfigurationException(where + ".prefix must look like /name or /name/sub, got: " + prefix);
        }
        String service = entry.getService();
        if (service == null || service.isBlank()) {
            throw new ConfigurationException(where + ".service is missing");
        }
        String key = serviceUrlKey(service);
        URI url = serviceUrls.apply(service)
                .orElseThrow(() -> new ConfigurationException(where + " names service '" + service
                        + "' but " + key + " is not set"));
        if (url.getScheme() == null || url.getHost() == null || (url.getPath() != null && !url.getPath().isEmpty()
                && !url.getPath().equals("/"))) {
            throw new ConfigurationException(key + " must be scheme://host:port without a path, got: " + url);
        }
        URI base = URI.create(url.getScheme() + "://" + url.getRawAuthority());
        Duration timeout = entry.getTimeout() == null ? defaultTimeout : entry.getTimeout();
        return new Route(prefix, service, base, timeout);
    }
}
