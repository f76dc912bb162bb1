package microlab.orders.users;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import microlab.orders.Api;
import microlab.orders.OrdersTestBase;
import org.junit.jupiter.api.Test;

import static microlab.orders.FakeUsersService.BROKEN_USER;
import static microlab.orders.FakeUsersService.INACTIVE_USER;
import static microlab.orders.FakeUsersService.SLOW_USER;
import static org.junit.jupiter.api.Assertions.assertEquals;

@MicronautTest
class UserCheckTest extends OrdersTestBase {

    @Test
    void orderForUnknownUserIsRefused() {
        Api.Reply reply = api.post("/orders", order(424242, item("A", 1, "1.00")));

        assertProblem(422, reply);
        assertEquals("User 424242 does not exist.", reply.json().get("detail"));
        assertEquals(0, rows.orders());
    }

    @Test
    void orderForInactiveUserIsRefused() {
        Api.Reply reply = api.post("/orders", order(INACTIVE_USER, item("A", 1, "1.00")));

        assertProblem(422, reply);
        assertEquals("User " + INACTIVE_USER + " is not active.", reply.json().get("detail"));
        assertEquals(0, rows.orders());
    }

    /** The fake holds this answer for 30 s; the test client gives up after 10 s, so only a service-side timeout passes. */
    @Test
    void slowUsersServiceIsServiceUnavailableBeforeItAnswers() {
        Api.Reply reply = api.post("/orders", order(SLOW_USER, item("A", 1, "1.00")));

        assertProblem(503, reply);
        assertEquals(0, rows.orders());
    }

    @Test
    void usersServiceErrorIsBadGateway() {
        Api.Reply reply = api.post("/orders", order(BROKEN_USER, item("A", 1, "1.00")));

        assertProblem(502, reply);
        assertEquals(0, rows.orders());
    }
}
