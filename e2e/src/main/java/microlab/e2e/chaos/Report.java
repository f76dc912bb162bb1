package microlab.e2e.chaos;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The table, a row per fault: requests, acknowledged writes, lost ones, duplicates, 5xx by status, refused or timed-out
 * attempts, the longest single request and for how long errors came; then the totals. Failed when anything was lost
 * or duplicated or any request got a 500.
 */
final class Report {

    private final List<String> lines = new ArrayList<>();
    private long totalLost;
    private long totalDuplicates;
    private long total500;

    Report(List<Phase> phases, Collection<Attempt> attempts, Collection<Ack> acks, Databases.Verdict verdict) {
        lines.add("");
        lines.add("| fault            | requests | acknowledged | lost | duplicates | 5xx by status          | refused/timed out | longest wait | errors for |");
        lines.add("|------------------|---------:|-------------:|-----:|-----------:|------------------------|------------------:|-------------:|-----------:|");
        for (Phase phase : phases) {
            List<Attempt> mine = attempts.stream().filter(a -> a.phase() == phase).toList();
            Map<Integer, Long> fiveXx = new TreeMap<>();
            long refused = 0;
            long longest = 0;
            for (Attempt a : mine) {
                if (a.status() >= 500) {
                    fiveXx.merge(a.status(), 1L, Long::sum);
                }
                if (a.status() < 0) {
                    refused++;
                }
                longest = Math.max(longest, a.nanos());
            }
            total500 += fiveXx.getOrDefault(500, 0L);
            long acknowledged = acks.stream().filter(a -> a.phase() == phase).count();
            long lost = verdict.lost().getOrDefault(phase, 0L);
            long duplicates = verdict.duplicates().getOrDefault(phase, 0L);
            totalLost += lost;
            totalDuplicates += duplicates;
            String fives = fiveXx.isEmpty() ? "none" : fiveXx.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .reduce((x, y) -> x + ", " + y).orElse("");
            lines.add(String.format("| %-16s | %8d | %12d | %4d | %10d | %-22s | %17d | %10.1f s | %s |", phase.name, mine.size(),
                    acknowledged, lost, duplicates, fives, refused, longest / 1e9,
                    String.format("%8.1f s", errorsFor(attempts, phase) / 1e9)));
        }
        lines.add("");
        lines.add(String.format("bin/chaos: %d acknowledged writes (%d during the warm-up), %d lost, %d duplicate orders, %d answers of 500",
                acks.size(), acks.stream().filter(a -> !phases.contains(a.phase())).count(), totalLost, totalDuplicates, total500));
    }

    List<String> lines() {
        return lines;
    }

    boolean failed() {
        return totalLost > 0 || totalDuplicates > 0 || total500 > 0;
    }

    /** From the start of the fault to the last failed request (5xx, refused, timed out) of the phase; 0 if none failed. */
    static long errorsFor(Collection<Attempt> attempts, Phase phase) {
        return attempts.stream().filter(a -> a.phase() == phase && a.failed())
                .mapToLong(a -> Math.max(0, a.endNanos() - phase.faultStart)).max().orElse(0);
    }
}
