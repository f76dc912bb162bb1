package microlab.orders.order;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.orders.Api;
import microlab.orders.OrdersTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static microlab.orders.FakeUsersService.ACTIVE_USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest
class OrderValidationTest extends OrdersTestBase {

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"userId\":1,\"items\":[]}",
            "{\"userId\":1}",
            "{\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":1}]}",
            "{\"userId\":-4,\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":1}]}",
            "{\"userId\":1,\"items\":[{\"sku\":\"A\",\"quantity\":0,\"unitPrice\":1}]}",
            "{\"userId\":1,\"items\":[{\"sku\":\"A\",\"quantity\":-1,\"unitPrice\":1}]}",
            "{\"userId\":1,\"items\":[{\"sku\":\"A\",\"unitPrice\":1}]}",
            "{\"userId\":1,\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":-0.01}]}",
            "{\"userId\":1,\"items\":[{\"sku\":\"A\",\"quantity\":1}]}",
            "{\"userId\":1,\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":1.001}]}",
            "{\"userId\":1,\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":12345678901}]}",
            "{\"userId\":1,\"items\":[{\"sku\":\"  \",\"quantity\":1,\"unitPrice\":1}]}",
            "{\"userId\":1,\"items\":[{\"quantity\":1,\"unitPrice\":1}]}",
            "{\"userId\":1,\"items\":[null]}",
            "{\"userId\":1,\"items\":[{\"sku\":\"A\\u0000B\",\"quantity\":1,\"unitPrice\":1}]}",
            "{\"userId\":1,\"items\":[{\"sku\":\"A\\nB\",\"quantity\":1,\"unitPrice\":1}]}",
    })
    void invalidOrderIsBadRequestAndWritesNothing(String body) {
        Api.Reply reply = api.post("/orders", body);

        assertProblem(400, reply);
        assertEquals(0, rows.orders());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"userId\":1,\"items\":[",
            "not json at all",
            "",
            "[]",
            "{\"userId\":\"one\",\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":1}]}",
            "{\"userId\":1,\"items\":{\"sku\":\"A\"}}",
            "{\"userId\":1,\"items\":[{\"sku\":\"A\",\"quantity\":\"many\",\"unitPrice\":1}]}",
            "{\"userId\":1,\"items\":[{\"sku\":\"A\",\"quantity\":1.5,\"unitPrice\":1}]}",
            "{\"userId\":1,\"items\":[{\"sku\":\"A\",\"quantity\":99999999999,\"unitPrice\":1}]}",
            "{\"userId\":1,\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":\"cheap\"}]}",
            // no coercion: each of these used to create an order
            "{\"userId\":true,\"items\":[{\"sku\":[\"X\"],\"quantity\":true,\"unitPrice\":true}]}",
            "{\"userId\":1.9,\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":1}]}",
            "{\"userId\":\"1\",\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":1}]}",
            "{\"userId\":1,\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":\"1e3\"}]}",
            "{\"userId\":1,\"items\":[{\"sku\":7,\"quantity\":1,\"unitPrice\":1}]}",
            "{\"userId\":1,\"userId\":2,\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":1}]}",
            "{\"userId\":1,\"items\":[{\"sku\":\"\\uD800\",\"quantity\":1,\"unitPrice\":1}]}",
    })
    void malformedJsonIsBadRequestNeverServerError(String body) {
        Api.Reply reply = api.post("/orders", body);

        assertProblem(400, reply);
        assertEquals(0, rows.orders());
    }

    @Test
    void moreThanOneHundredItemsIsBadRequest() {
        Api.Reply reply = api.post("/orders", order(ACTIVE_USER, items(101)));

        assertProblem(400, reply);
        assertTrue(reply.json().get("detail").toString().contains("items"), reply::toString);
    }

    @Test
    void trailingZerosAreNotExtraDigits() {
        Api.Reply reply = api.post("/orders",
                "{\"userId\":" + ACTIVE_USER + ",\"items\":[{\"sku\":\"A\",\"quantity\":2.0,\"unitPrice\":1.500}]}");

        assertEquals(201, reply.status(), reply::toString);
        assertEquals(0, new java.math.BigDecimal(reply.json().get("total").toString()).compareTo(new java.math.BigDecimal("3")),
                reply::toString);
    }

    @Test
    void exactlyOneHundredItemsIsAccepted() {
        Api.Reply reply = api.post("/orders", order(ACTIVE_USER, items(100)));

        assertEquals(201, reply.status(), reply::toString);
        assertEquals(100, rows.items());
    }

    @Test
    void eachViolationIsListed() {
        Api.Reply reply = api.post("/orders", "{\"userId\":1,\"items\":[{\"sku\":\"\",\"quantity\":0,\"unitPrice\":-1}]}");

        assertProblem(400, reply);
        Map<String, Object> problem = reply.json();
        assertEquals(3, ((java.util.List<?>) problem.get("errors")).size(), reply::toString);
    }

    @Test
    void totalBeyondWhatTheDatabaseHoldsIsRefused() {
        Api.Reply reply = api.post("/orders", order(ACTIVE_USER, item("YACHT", 999_999_999, "9999999999.99")));

        assertProblem(422, reply);
        assertEquals(0, rows.orders());
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "", "bogus", "application/"})
    void bodyThatIsNotDeclaredJsonIsUnsupportedMediaType(String contentType) {
        Api.Reply reply = api.post("/orders", order(ACTIVE_USER, item("A", 1, "1")), "Content-Type", contentType);

        assertProblem(415, reply);
        assertEquals(0, rows.orders());
    }

    @Test
    void bodyWithoutContentTypeIsUnsupportedMediaType() {
        Api.Reply reply = api.postWithoutContentType("/orders", order(ACTIVE_USER, item("A", 1, "1")));

        assertProblem(415, reply);
        assertEquals(0, rows.orders());
    }
}
