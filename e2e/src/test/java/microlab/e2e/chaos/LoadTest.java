package microlab.e2e.chaos;

import microlab.e2e.chaos.Load.Outcome;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LoadTest {

    @Test
    void anOrderIsDoneAtTwoHundredOrTwoHundredOneAndRetriedAfterA5xxATimeoutOrARefusal() {
        assertEquals(Outcome.ACKNOWLEDGED, Load.orderOutcome(201));
        assertEquals(Outcome.ACKNOWLEDGED, Load.orderOutcome(200));
        for (int status : new int[] {500, 502, 503, 504, Attempt.REFUSED, Attempt.TIMED_OUT}) {
            assertEquals(Outcome.RETRY, Load.orderOutcome(status), "status " + status);
        }
    }

    @Test
    void anOrderIsRetriedAfter408409And429AndRefusedForGoodAfterAnyOther4xx() {
        assertEquals(Outcome.RETRY, Load.orderOutcome(408));
        assertEquals(Outcome.RETRY, Load.orderOutcome(409));
        assertEquals(Outcome.RETRY, Load.orderOutcome(429));
        assertEquals(Outcome.REFUSED, Load.orderOutcome(400));
        assertEquals(Outcome.REFUSED, Load.orderOutcome(404));
        assertEquals(Outcome.REFUSED, Load.orderOutcome(422));
    }

    @Test
    void aUsersConflictIsItsOwnEarlierAttemptOnlyAfterAnAttemptWhoseAnswerWasLost() {
        assertEquals(Outcome.ACKNOWLEDGED, Load.userOutcome(201, false));
        assertEquals(Outcome.ACKNOWLEDGED, Load.userOutcome(409, true));
        assertEquals(Outcome.REFUSED, Load.userOutcome(409, false));
        assertEquals(Outcome.REFUSED, Load.userOutcome(400, true));
        assertEquals(Outcome.RETRY, Load.userOutcome(408, false));
        assertEquals(Outcome.RETRY, Load.userOutcome(429, true));
        assertEquals(Outcome.RETRY, Load.userOutcome(503, false));
        assertEquals(Outcome.RETRY, Load.userOutcome(Attempt.TIMED_OUT, false));
        // a user is created with 201 only: a 200 is neither done nor refused
        assertEquals(Outcome.RETRY, Load.userOutcome(200, false));
    }

    @Test
    void readsTheFirstIdOfAnAnswer() {
        assertEquals(42, Load.idOf("{\"id\":42,\"userId\":7,\"items\":[{\"id\":9}]}"));
        assertEquals(-1, Load.idOf("{\"status\":\"ok\"}"));
        assertEquals(-1, Load.idOf(""));
    }

    @Test
    void writesAreAgainWhenAWriteBegunAfterTheFaultSucceeded() {
        Phase phase = new Phase("postgres");
        phase.faultEnd = 1_000;
        Phase other = new Phase("redis");
        List<Attempt> attempts = List.of(
                new Attempt(other, 1_500, 100, 201),    // another phase
                new Attempt(phase, 1_200, 300, 201),    // begun before the fault ended
                new Attempt(phase, 1_300, 100, 503),    // failed
                new Attempt(phase, 1_800, 200, 200));
        assertEquals(800, Load.recovered(attempts, phase));
        assertEquals(-1, Load.recovered(attempts.subList(0, 3), phase));
    }
}
