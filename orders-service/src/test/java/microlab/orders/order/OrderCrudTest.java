package microlab.orders.order;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.orders.Api;
import microlab.orders.OrdersTestBase;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static microlab.orders.FakeUsersService.ACTIVE_USER;
import static microlab.orders.FakeUsersService.OTHER_ACTIVE_USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest
class OrderCrudTest extends OrdersTestBase {

    @Test
    void createdOrderHasServerComputedTotalLocationAndItemsInOrder() {
        Api.Reply created = api.post("/orders",
                order(ACTIVE_USER, item("MUG-7", 2, "9.99"), item("PEN-1", 3, "0.5"), item("FREE-1", 1, "0")));

        assertEquals(201, created.status(), created::toString);
        Map<String, Object> body = created.json();
        long id = created.id();
        assertEquals("/orders/" + id, created.header("Location"));
        assertEquals(ACTIVE_USER, ((Number) body.get("userId")).longValue());
        assertEquals(0, new BigDecimal("21.48").compareTo(new BigDecimal(body.get("total").toString())));
        assertEquals("CREATED", body.get("status"));
        assertTrue(body.get("createdAt") instanceof String, body::toString);
        List<?> items = (List<?>) body.get("items");
        assertEquals(List.of("MUG-7", "PEN-1", "FREE-1"), items.stream().map(i -> ((Map<?, ?>) i).get("sku")).toList());
        assertEquals(1, rows.orders());
        assertEquals(3, rows.items());
    }

    @Test
    void getReturnsWhatPostReturned() {
        Api.Reply created = api.post("/orders", order(ACTIVE_USER, item("A", 1, "3"), item("B", 2, "4.5")));
        assertEquals(201, created.status(), created::toString);

        Api.Reply fetched = api.get(created.header("Location"));

        assertEquals(200, fetched.status(), fetched::toString);
        assertEquals(created.json(), fetched.json());
    }

    @Test
    void totalSentByTheClientIsIgnored() {
        Api.Reply created = api.post("/orders",
                "{\"userId\":1,\"total\":0.01,\"items\":[{\"sku\":\"A\",\"quantity\":4,\"unitPrice\":2.25}]}");

        assertEquals(201, created.status(), created::toString);
        assertEquals(0, new BigDecimal("9.00").compareTo(new BigDecimal(created.json().get("total").toString())));
    }

    @Test
    void priceWrittenAsJsonStringIsAccepted() {
        Api.Reply created = api.post("/orders", "{\"userId\":1,\"items\":[{\"sku\":\"A\",\"quantity\":2,\"unitPrice\":\"9.99\"}]}");

        assertEquals(201, created.status(), created::toString);
        assertEquals(0, new BigDecimal("19.98").compareTo(new BigDecimal(created.json().get("total").toString())));
    }

    @Test
    void missingOrderIsNotFoundProblem() {
        Api.Reply reply = api.get("/orders/987654321");

        assertProblem(404, reply);
        assertEquals("Order 987654321 does not exist.", reply.json().get("detail"));
    }

    @Test
    void nonNumericOrderIdIsBadRequest() {
        assertProblem(400, api.get("/orders/abc"));
    }

    @Test
    void listFiltersByUserAndStatusNewestFirst() {
        long first = createOrder(ACTIVE_USER).id();
        long second = createOrder(ACTIVE_USER).id();
        long other = createOrder(OTHER_ACTIVE_USER).id();
        assertEquals(200, api.post("/orders/" + second + "/status", "{\"status\":\"PAID\"}").status());

        assertEquals(List.of(other, second, first), ids(api.get("/orders")));
        assertEquals(List.of(second, first), ids(api.get("/orders?userId=" + ACTIVE_USER)));
        assertEquals(List.of(second), ids(api.get("/orders?status=PAID")));
        assertEquals(List.of(first), ids(api.get("/orders?userId=" + ACTIVE_USER + "&status=CREATED")));
        assertEquals(List.of(), ids(api.get("/orders?userId=" + OTHER_ACTIVE_USER + "&status=PAID")));
    }

    @Test
    void listItemsCarryTheirOwnLines() {
        api.post("/orders", order(ACTIVE_USER, item("A", 1, "1.00"), item("B", 1, "1.00")));
        api.post("/orders", order(ACTIVE_USER, item("C", 1, "1.00")));

        List<?> content = (List<?>) api.get("/orders").json().get("content");

        assertEquals(List.of("C"), skus(content.get(0)));
        assertEquals(List.of("A", "B"), skus(content.get(1)));
    }

    @Test
    void listReportsPagesAndTotals() {
        createOrder(ACTIVE_USER);
        createOrder(ACTIVE_USER);
        long oldest = createOrder(ACTIVE_USER).id() - 2;

        Map<String, Object> page = api.get("/orders?page=1&size=2").json();

        assertEquals(1, ((Number) page.get("page")).intValue());
        assertEquals(2, ((Number) page.get("size")).intValue());
        assertEquals(3, ((Number) page.get("totalElements")).longValue());
        assertEquals(2, ((Number) page.get("totalPages")).intValue());
        assertEquals(List.of(oldest), ids(page));
    }

    @Test
    void listDefaultsToFirstPageOfTwentyAndCapsSizeAtOneHundred() {
        Map<String, Object> defaults = api.get("/orders").json();
        assertEquals(0, ((Number) defaults.get("page")).intValue());
        assertEquals(20, ((Number) defaults.get("size")).intValue());

        Api.Reply capped = api.get("/orders?size=5000");
        assertEquals(200, capped.status(), capped::toString);
        assertEquals(100, ((Number) capped.json().get("size")).intValue());
    }

    @Test
    void listRejectsMalformedParameters() {
        assertProblem(400, api.get("/orders?size=0"));
        assertProblem(400, api.get("/orders?page=-1"));
        assertProblem(400, api.get("/orders?page=2147483647"));
        assertProblem(400, api.get("/orders?status=LOST"));
        assertProblem(400, api.get("/orders?userId=abc"));
        assertProblem(400, api.get("/orders?userId=0"));
    }

    private List<Long> ids(Api.Reply reply) {
        assertEquals(200, reply.status(), reply::toString);
        return ids(reply.json());
    }

    private static List<Long> ids(Map<String, Object> page) {
        return ((List<?>) page.get("content")).stream().map(o -> ((Number) ((Map<?, ?>) o).get("id")).longValue()).toList();
    }

    private static List<?> skus(Object order) {
        return ((List<?>) ((Map<?, ?>) order).get("items")).stream().map(i -> ((Map<?, ?>) i).get("sku")).toList();
    }
}
