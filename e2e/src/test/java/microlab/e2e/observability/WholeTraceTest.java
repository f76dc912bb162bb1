package microlab.e2e.observability;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What the observability check counts as a whole trace, on traces as Jaeger answers them while spans still arrive. */
class WholeTraceTest {

    static final String TRACE = "a4a622046727e48d046a3f0723e75fa6";

    /** POST /orders as the check sends it: gateway server and client, orders-service, users-service and its stores. */
    static List<Jaeger.Span> order() {
        return List.of(
                span("g1", null, "POST", "gateway"),
                span("g2", "g1", "POST", "gateway"),
                span("o1", "g2", "POST /orders", "orders-service"),
                span("o2", "o1", "GET", "orders-service"),
                span("u1", "o2", "GET /users/{id}", "users-service"),
                span("u2", "u1", "MGET", "users-service", "db.system", "redis"),
                span("u3", "u1", "SELECT users.users", "users-service", "db.system.name", "postgresql"));
    }

    @Test
    void theWholeTraceIsWhole() {
        assertNull(ObservabilityCheck.broken(trace(order())));
    }

    @Test
    void aTraceWhoseGatewayClientSpanIsStillOnItsWayHasTwoRoots() {
        List<Jaeger.Span> spans = new ArrayList<>(order());
        spans.remove(1);
        assertEquals("not one tree under the gateway: roots [gateway POST, orders-service POST /orders]",
                ObservabilityCheck.broken(trace(spans)));
    }

    @Test
    void aTraceWithoutTheGatewayIsNotWhole() {
        List<Jaeger.Span> spans = new ArrayList<>(order().subList(2, 7));
        assertEquals("services [orders-service, users-service]", ObservabilityCheck.broken(trace(spans)));
    }

    @Test
    void aTraceWithoutTheCacheSpanIsNotWhole() {
        List<Jaeger.Span> spans = new ArrayList<>(order());
        spans.remove(5);
        assertEquals("no span of users-service's redis", ObservabilityCheck.broken(trace(spans)));
    }

    private static Jaeger.Trace trace(List<Jaeger.Span> spans) {
        return new Jaeger.Trace(TRACE, spans, Map.of("gateway", new Jaeger.Process("gateway"),
                "orders-service", new Jaeger.Process("orders-service"), "users-service", new Jaeger.Process("users-service")));
    }

    private static Jaeger.Span span(String id, String parent, String operation, String service, String... tag) {
        List<Jaeger.Reference> references = parent == null ? List.of() : List.of(new Jaeger.Reference("CHILD_OF", TRACE, parent));
        List<Jaeger.Tag> tags = tag.length == 0 ? List.of() : List.of(new Jaeger.Tag(tag[0], tag[1]));
        return new Jaeger.Span(TRACE, id, operation, references, 0, 1000, tags, service);
    }
}
