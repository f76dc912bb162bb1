package microlab.e2e.chaos;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {

    static final long S = 1_000_000_000L;

    final Phase warmUp = new Phase("warm-up");
    final Phase baseline = new Phase("baseline");
    final Phase postgres = new Phase("postgres");

    {
        postgres.faultStart = 100 * S;
        postgres.faultEnd = 112 * S;
    }

    final List<Attempt> attempts = List.of(
            new Attempt(warmUp, 1 * S, S / 10, 201),
            new Attempt(baseline, 50 * S, S / 10, 201),
            new Attempt(baseline, 51 * S, S / 20, 200),
            new Attempt(postgres, 105 * S, S / 2, 503),
            new Attempt(postgres, 108 * S, S, 503),
            new Attempt(postgres, 110 * S, S / 5, 502),
            new Attempt(postgres, 114 * S, 2 * S, Attempt.TIMED_OUT),
            new Attempt(postgres, 116 * S, S / 10, 201));
    final List<Ack> acks = List.of(
            new Ack(warmUp, "order", "k-0", 1, null),
            new Ack(baseline, "order", "k-1", 2, null),
            new Ack(baseline, "user", null, -1, "a@example.org"),
            new Ack(postgres, "order", "k-2", 3, null));

    static Databases.Verdict clean() {
        return new Databases.Verdict(Map.of(), Map.of());
    }

    @Test
    void printsOneRowPerFaultAndTheTotals() {
        Report report = new Report(List.of(baseline, postgres), attempts, acks, clean());
        assertEquals(List.of(
                "",
                "| fault            | requests | acknowledged | lost | duplicates | 5xx by status          | refused/timed out | longest wait | errors for |",
                "|------------------|---------:|-------------:|-----:|-----------:|------------------------|------------------:|-------------:|-----------:|",
                "| baseline         |        2 |            2 |    0 |          0 | none                   |                 0 |        0.1 s |      0.0 s |",
                "| postgres         |        5 |            1 |    0 |          0 | 502: 1, 503: 2         |                 1 |        2.0 s |     14.0 s |",
                "",
                "bin/chaos: 4 acknowledged writes (1 during the warm-up), 0 lost, 0 duplicate orders, 0 answers of 500"),
                report.lines());
        assertFalse(report.failed());
    }

    @Test
    void failsOnALoss() {
        Report report = new Report(List.of(baseline, postgres), attempts, acks,
                new Databases.Verdict(Map.of(postgres, 2L), Map.of()));
        assertTrue(report.failed());
        assertTrue(report.lines().get(4).startsWith("| postgres         |        5 |            1 |    2 |          0 |"));
        assertTrue(report.lines().get(6).endsWith(", 2 lost, 0 duplicate orders, 0 answers of 500"));
    }

    @Test
    void failsOnADuplicate() {
        Report report = new Report(List.of(baseline, postgres), attempts, acks,
                new Databases.Verdict(Map.of(), Map.of(baseline, 1L)));
        assertTrue(report.failed());
        assertTrue(report.lines().get(6).endsWith(", 0 lost, 1 duplicate orders, 0 answers of 500"));
    }

    @Test
    void failsOnAnyAnswerOf500ButNotOnOther5xx() {
        List<Attempt> with500 = List.of(new Attempt(baseline, 50 * S, S / 10, 500), new Attempt(baseline, 51 * S, S / 10, 503));
        Report report = new Report(List.of(baseline), with500, List.of(), clean());
        assertTrue(report.failed());
        assertTrue(report.lines().get(3).contains("| 500: 1, 503: 1         |"));
        assertTrue(report.lines().get(5).endsWith(", 1 answers of 500"));
        assertFalse(new Report(List.of(baseline), with500.subList(1, 2), List.of(), clean()).failed());
    }

    @Test
    void errorsLastFromTheFaultsStartToTheLastFailedAttempt() {
        assertEquals(14 * S, Report.errorsFor(attempts, postgres));
        assertEquals(0, Report.errorsFor(attempts, baseline));
        // a failure that ended before the fault started counts as none
        Phase early = new Phase("gateway");
        early.faultStart = 10 * S;
        assertEquals(0, Report.errorsFor(List.of(new Attempt(early, 9 * S, S, Attempt.REFUSED)), early));
    }
}
