package microlab.e2e.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Servers measured against a reference in one run: for each case and round, wrk runs against the reference and
 * each target in turn (each measured run after a discarded run of the same length), so the machine's drift
 * falls on all of them alike; the order turns by one server each round, so that none is always first or
 * always after the same one (give a multiple of the number of servers as rounds for each to take each place
 * equally often). Prints a line a run as it goes, then a Markdown table: per case and server the
 * medians over the rounds, and each target's ratios to the reference, taken round by round, as their median
 * and spread.
 * <p>
 * Usage: {@code TakingTurns --reference LABEL=URL --target LABEL=URL... --case NAME=METHOD PATH...
 * [--body FILE] [--pid LABEL=PID[,PID]]... [--rounds 3] [--warmup 40] [--seconds 10] [--threads 2]
 * [--connections 32]}. {@code --warmup} gives every server that many seconds of each case before the first round.
 */
public final class TakingTurns {

    record Server(String label, String url, List<Long> pids) {
    }

    record Case(String name, String method, String path) {
    }

    private final List<Server> servers = new ArrayList<>();
    private final List<Case> cases = new ArrayList<>();
    private final Map<String, List<Long>> pids = new LinkedHashMap<>();
    private Path body;
    private int rounds = 3;
    private int warmup = 40;
    private int seconds = 10;
    private int threads = 2;
    private int connections = 32;

    public static void main(String[] args) {
        try {
            new TakingTurns().parse(args).run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("TakingTurns: " + e.getMessage());
            System.exit(1);
        }
    }

    TakingTurns parse(String[] args) {
        List<String[]> named = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--reference" -> named.add(0, pair(value));
                case "--target" -> named.add(pair(value));
                case "--case" -> {
                    String[] c = pair(value);
                    String[] request = c[1].split(" ", 2);
                    cases.add(new Case(c[0], request[0], request[1]));
                }
                case "--pid" -> {
                    String[] p = pair(value);
                    pids.put(p[0], Arrays.stream(p[1].split(",")).map(Long::parseLong).toList());
                }
                case "--body" -> body = Path.of(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--connections" -> connections = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (args.length % 2 != 0 || named.size() < 2 || cases.isEmpty() || rounds < 1) {
            throw new IllegalArgumentException("usage: --reference LABEL=URL --target LABEL=URL... --case NAME=METHOD PATH... "
                    + "[--body FILE] [--pid LABEL=PID,...] [--rounds N] [--warmup S] [--seconds S] [--threads N] [--connections N]");
        }
        if (cases.stream().anyMatch(c -> c.method().equals("POST")) && body == null) {
            throw new IllegalArgumentException("a POST case needs --body FILE");
        }
        for (String[] server : named) {
            servers.add(new Server(server[0], server[1], pids.getOrDefault(server[0], List.of())));
        }
        return this;
    }

    private static String[] pair(String value) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected LABEL=VALUE, got '" + value + "'");
        }
        return new String[] {value.substring(0, eq), value.substring(eq + 1)};
    }

    void run() {
        Wrk measured = new Wrk(threads, connections, seconds);
        if (warmup > 0) {
            System.out.printf("warming up: %d s of each case on each of %d servers%n", warmup, servers.size());
            Wrk warm = new Wrk(threads, connections, warmup);
            for (Server server : servers) {
                cases.forEach(c -> warm.run(c.method(), server.url() + c.path(), body, List.of()));
            }
        }
        System.out.printf("%d cores; wrk -t%d -c%d -d%ds, each run after a discarded one as long; %d rounds taking turns%n",
                Runtime.getRuntime().availableProcessors(), threads, connections, seconds, rounds);
        Map<Case, Map<Server, List<Wrk.Result>>> results = new LinkedHashMap<>();
        for (Case c : cases) {
            Map<Server, List<Wrk.Result>> byServer = new LinkedHashMap<>();
            servers.forEach(server -> byServer.put(server, new ArrayList<>()));
            results.put(c, byServer);
            for (int round = 1; round <= rounds; round++) {
                for (Server server : turn(round)) {
                    String url = server.url() + c.path();
                    measured.run(c.method(), url, body, List.of());
                    Wrk.Result result = measured.run(c.method(), url, body, server.pids());
                    byServer.get(server).add(result);
                    System.out.printf("  round %d  %-14s %-14s %9.0f req/s  p99 %7.2f ms%s%s%n", round, c.name(), server.label(),
                            result.requestsPerSecond(), result.p99Millis(),
                            result.cpuMicrosPerRequest().map(us -> String.format(Locale.ROOT, "  CPU %5.0f us a request", us)).orElse(""),
                            result.errors() == 0 ? "" : "  NOT ALL ANSWERED 2xx/3xx: " + result.errors() + " errors");
                }
            }
        }
        System.out.println();
        System.out.print(table(results));
        long failed = results.values().stream().flatMap(m -> m.values().stream()).flatMap(List::stream).mapToLong(Wrk.Result::errors).sum();
        if (failed > 0) {
            throw new IllegalStateException(failed + " requests were not answered with 2xx/3xx: the figures above do not measure what they say");
        }
    }

    /** The servers in the order they run in this round: the list turned by one place a round. */
    List<Server> turn(int round) {
        List<Server> order = new ArrayList<>(servers);
        Collections.rotate(order, -((round - 1) % servers.size()));
        return order;
    }

    String table(Map<Case, Map<Server, List<Wrk.Result>>> results) {
        Server reference = servers.get(0);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "| case | server | req/s (median) | p99 ms (median) | CPU a request (median) | throughput / %1$s: median (spread) | p99 / %1$s | CPU / %1$s |%n"
                        + "|---|---|---|---|---|---|---|---|%n", reference.label()));
        results.forEach((c, byServer) -> byServer.forEach((server, runs) -> {
            List<Wrk.Result> base = byServer.get(reference);
            out.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.2f | %s | %s | %s | %s |%n", c.name(), server.label(),
                    median(runs, Wrk.Result::requestsPerSecond), median(runs, Wrk.Result::p99Millis),
                    runs.get(0).cpuMicrosPerRequest().isPresent() ? String.format(Locale.ROOT, "%.0f us", median(runs, r -> r.cpuMicrosPerRequest().orElseThrow())) : "-",
                    server == reference ? "1" : ratios(runs, base, Wrk.Result::requestsPerSecond),
                    server == reference ? "1" : ratios(runs, base, Wrk.Result::p99Millis),
                    server == reference || runs.get(0).cpuMicrosPerRequest().isEmpty() || base.get(0).cpuMicrosPerRequest().isEmpty() ? "-"
                            : ratios(runs, base, r -> r.cpuMicrosPerRequest().orElseThrow())));
        }));
        return out.toString();
    }

    static double median(List<Wrk.Result> runs, ToDoubleFunction<Wrk.Result> figure) {
        return median(runs.stream().mapToDouble(figure).toArray());
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The ratio of runs to base round by round: "median (lowest-highest)". */
    static String ratios(List<Wrk.Result> runs, List<Wrk.Result> base, ToDoubleFunction<Wrk.Result> figure) {
        double[] ratios = new double[runs.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = figure.applyAsDouble(runs.get(i)) / figure.applyAsDouble(base.get(i));
        }
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%.3fx (%.3f-%.3f)", median(ratios), sorted[0], sorted[sorted.length - 1]);
    }
}
