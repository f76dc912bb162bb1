package microlab.e2e.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;

/**
 * One mode's starts of one service, as {@link Startup} and {@link Containers} print them: the median, lowest and
 * highest launch-to-ready time in ms, the median VmRSS in MiB and the median CPU time the process had used by then
 * (user and system, all its threads, in ms); and the table rows made of two modes.
 */
record StartFigures(long median, long min, long max, long rssMiB, long cpuMillis) {

    /** runs: {ms, VmRSS in KiB, CPU ms} a start */
    static StartFigures of(List<long[]> runs) {
        long[] ms = runs.stream().mapToLong(r -> r[0]).sorted().toArray();
        long[] rss = runs.stream().mapToLong(r -> r[1]).toArray();
        long[] cpu = runs.stream().mapToLong(r -> r[2]).toArray();
        return new StartFigures(median(ms), ms[0], ms[ms.length - 1], median(rss) / 1024, median(cpu));
    }

    /** The middle value; of an even count the mean of the two middle ones, rounded down. */
    static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** with / without as "0.39": rounded as awk's print and printf %.2f did (6 digits, then 2, halves to even). */
    static String ratio(long with, long without) {
        BigDecimal printed = new BigDecimal((double) with / without).round(new MathContext(6, RoundingMode.HALF_EVEN));
        return new BigDecimal(printed.doubleValue()).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    static String row(String name, StartFigures without, StartFigures with) {
        return String.format("| %s | %d ms (%d-%d) | %d ms (%d-%d) | %sx | %d MiB | %d MiB | %d ms | %d ms |", name,
                without.median(), without.min(), without.max(), with.median(), with.min(), with.max(),
                ratio(with.median(), without.median()), without.rssMiB(), with.rssMiB(), without.cpuMillis(), with.cpuMillis());
    }

    static String rowWithoutAot(String name, StartFigures plain, int major) {
        return String.format("| %s | %d ms (%d-%d) | n/a (Java %d; set SERVICE_JAVA to a JDK 25) | | %d MiB | | %d ms | |", name,
                plain.median(), plain.min(), plain.max(), major, plain.rssMiB(), plain.cpuMillis());
    }
}
