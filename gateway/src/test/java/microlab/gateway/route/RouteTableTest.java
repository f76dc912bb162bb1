package microlab.gateway.route;

import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteTableTest {

    private static final Map<String, URI> URLS = Map.of(
            "users", URI.create("http://users-service:8081"),
            "admin", URI.create("http://admin:9000/"));

    @Test
    void prefixMatchesItselfAndWhatIsBelowIt() {
        RouteTable table = table(route(0, "/users", "users", null));

        assertEquals("users", table.match("/users").orElseThrow().service());
        assertEquals("users", table.match("/users/1").orElseThrow().service());
        assertEquals("users", table.match("/users/").orElseThrow().service());
        assertTrue(table.match("/usersX").isEmpty());
        assertTrue(table.match("/user").isEmpty());
        assertTrue(table.match("/").isEmpty());
        assertTrue(table.match("/health").isEmpty());
    }

    @Test
    void mostSpecificPrefixWinsWhateverTheOrder() {
        RouteTable table = table(route(0, "/users", "users", null), route(1, "/users/admin", "admin", null));

        assertEquals("admin", table.match("/users/admin/7").orElseThrow().service());
        assertEquals("users", table.match("/users/administrators").orElseThrow().service());
        assertEquals(List.of("/users", "/users/admin"), table.routes().stream().map(Route::prefix).toList());
    }

    @Test
    void targetKeepsTheRawPathAndQueryOnTheBackendsHost() {
        Route route = table(route(0, "/users", "users", null)).routes().get(0);

        assertEquals(URI.create("http://users-service:8081/users/a%20b?q=%2F&x=1"), route.target("/users/a%20b", "q=%2F&x=1"));
        assertEquals(URI.create("http://users-service:8081/users"), route.target("/users", null));
    }

    @Test
    void timeoutFallsBackToTheDefault() {
        RouteTable table = table(route(0, "/users", "users", Duration.ofSeconds(5)), route(1, "/visits", "users", null));

        assertEquals(Duration.ofSeconds(5), table.routes().get(0).timeout());
        assertEquals(Duration.ofSeconds(10), table.routes().get(1).timeout());
    }

    @Test
    void backendUrlLosesItsTrailingSlash() {
        assertEquals(URI.create("http://admin:9000"), table(route(0, "/admin", "admin", null)).routes().get(0).baseUrl());
    }

    @Test
    void serviceWithoutUrlStopsStartup() {
        ConfigurationException failure = assertThrows(ConfigurationException.class,
                () -> table(route(0, "/orders", "orders", null)));

        assertTrue(failure.getMessage().contains("micronaut.http.services.orders.url"), failure.getMessage());
    }

    @Test
    void malformedPrefixStopsStartup() {
        for (String prefix : new String[] {"users", "/users/", "/", "/us..ers", "/users/{id}"}) {
            assertThrows(ConfigurationException.class, () -> table(route(0, prefix, "users", null)), prefix);
        }
    }

    @Test
    void backendUrlWithAPathStopsStartup() {
        Map<String, URI> urls = Map.of("users", URI.create("http://users-service:8081/api"));

        assertThrows(ConfigurationException.class, () -> new RouteTable(
                List.of(route(0, "/users", "users", null)), service -> Optional.ofNullable(urls.get(service)),
                Duration.ofSeconds(10)));
    }

    private static RouteTable table(RouteProperties... routes) {
        return new RouteTable(List.of(routes), service -> Optional.ofNullable(URLS.get(service)), Duration.ofSeconds(10));
    }

    private static RouteProperties route(int index, String prefix, String service, Duration timeout) {
        RouteProperties properties = new RouteProperties(index);
        properties.setPrefix(prefix);
        properties.setService(service);
        properties.setTimeout(timeout);
        return properties;
    }
}
