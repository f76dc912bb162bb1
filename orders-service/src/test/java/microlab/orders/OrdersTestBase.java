package microlab.orders;

import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service on a random port against the real test database, with users-service
 * played by {@link FakeUsersService}. Subclasses add properties through {@link #extraProperties()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OrdersTestBase implements TestPropertyProvider {

    public static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    protected EmbeddedServer server;
    @Inject
    protected JsonMapper json;
    @Value("${datasources.default.url}")
    protected String databaseUrl;
    @Value("${datasources.default.username}")
    protected String databaseUser;
    @Value("${datasources.default.password}")
    protected String databasePassword;

    protected Api api;
    protected Rows rows;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>();
        properties.put("micronaut.http.services.users.url", FakeUsersService.shared().url());
        properties.putAll(extraProperties());
        return properties;
    }

    protected Map<String, String> extraProperties() {
        return Map.of();
    }

    @BeforeEach
    void startFromEmptyTables() {
        api = new Api(server.getURI(), json);
        rows = new Rows(databaseUrl, databaseUser, databasePassword);
        rows.deleteAll();
    }

    /** A port nothing listens on: bound, then released. */
    protected static int deadPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static String order(long userId, String... items) {
        return "{\"userId\":" + userId + ",\"items\":[" + String.join(",", items) + "]}";
    }

    protected static String item(String sku, int quantity, String unitPrice) {
        return "{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + ",\"unitPrice\":" + unitPrice + "}";
    }

    protected static String items(int count) {
        return IntStream.range(0, count).mapToObj(i -> item("SKU-" + i, 1, "1.00")).collect(Collectors.joining(","));
    }

    protected Api.Reply createOrder(long userId) {
        Api.Reply reply = api.post("/orders", order(userId, item("BOOK-1", 1, "12.50")));
        assertEquals(201, reply.status(), reply::toString);
        return reply;
    }

    protected static void assertProblem(int status, Api.Reply reply) {
        assertEquals(status, reply.status(), reply::toString);
        assertTrue(String.valueOf(reply.header("Content-Type")).startsWith(PROBLEM_JSON), reply::toString);
        assertEquals(status, ((Number) reply.json().get("status")).intValue(), reply::toString);
    }
}
