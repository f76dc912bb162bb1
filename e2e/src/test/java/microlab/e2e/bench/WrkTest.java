package microlab.e2e.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WrkTest {

    static final String REPORT = """
            Running 10s test @ http://127.0.0.1:18180/users/1
              2 threads and 32 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     2.61ms    1.93ms  41.76ms   91.02%
                Req/Sec     6.43k   812.27     7.96k    71.00%
              Latency Distribution
                 50%    2.14ms
                 75%    2.87ms
                 90%    4.02ms
                 99%   P99
              128031 requests in 10.01s, 40.42MB read
            EXTRARequests/sec:  12790.41
            Transfer/sec:      4.04MB
            """;

    @Test
    void readsTheRateTheNinetyNinthPercentileAndTheRequestCount() {
        Wrk.Result result = Wrk.parse(report("10.23ms", ""));
        assertEquals(12790.41, result.requestsPerSecond());
        assertEquals(10.23, result.p99Millis(), 1e-9);
        assertEquals(128031, result.requests());
        assertEquals(0, result.errors());
    }

    @Test
    void takesEveryLatencyUnitWrkPrints() {
        assertEquals(0.95, Wrk.parse(report("950.00us", "")).p99Millis(), 1e-9);
        assertEquals(1250, Wrk.parse(report("1.25s", "")).p99Millis(), 1e-9);
        assertEquals(120_000, Wrk.parse(report("2.00m", "")).p99Millis(), 1e-9);
    }

    @Test
    void countsAnswersThatAreNotSuccessesAndSocketErrors() {
        Wrk.Result result = Wrk.parse(report("10.23ms",
                "  Socket errors: connect 0, read 3, write 1, timeout 2\n  Non-2xx or 3xx responses: 17\n"));
        assertEquals(17 + 3 + 1 + 2, result.errors());
    }

    @Test
    void aReportWithoutItsFiguresIsAFailure() {
        assertThrows(IllegalStateException.class, () -> Wrk.parse("unable to connect to 127.0.0.1:18180 Connection refused\n"));
    }

    @Test
    void ratiosAreTakenRoundByRound() {
        List<Wrk.Result> base = List.of(result(100), result(200), result(100));
        List<Wrk.Result> runs = List.of(result(98), result(202), result(95));
        assertEquals("0.980x (0.950-1.010)", TakingTurns.ratios(runs, base, Wrk.Result::requestsPerSecond));
        assertEquals(100, TakingTurns.median(base, Wrk.Result::requestsPerSecond));
        assertEquals(2.5, TakingTurns.median(new double[] {4, 1, 2, 3}));
    }

    @Test
    void readsTheCpuTicksOfAProcessWhoseNameHasSpaces() {
        String stat = "4242 (java main thread) S 1 4242 4242 0 -1 4194560 9000 0 0 0 1234 567 0 0 20 0 30 0 100 0 0";
        assertEquals(1234 + 567, ProcessCpu.ticks(stat));
        assertEquals(10_000, ProcessCpu.micros(1));
    }

    private static String report(String p99, String extra) {
        return REPORT.replace("P99", p99).replace("EXTRA", extra);
    }

    private static Wrk.Result result(double rate) {
        return new Wrk.Result(rate, 1, 1, 0, java.util.Optional.empty());
    }
}
