package microlab.forecast.bench;

import microlab.forecast.evaluation.Metrics;
import microlab.forecast.evaluation.Naive2;
import microlab.forecast.model.FitRequest;
import microlab.forecast.model.FittedModel;
import microlab.forecast.model.Forecast;
import microlab.forecast.model.ForecastModel;
import microlab.forecast.model.Seasonality;
import microlab.forecast.selection.AutoModel;
import microlab.forecast.selection.CombModel;
import microlab.forecast.selection.Models;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Measures auto the way the service will be judged: on series it has never seen, through the same calls
 * POST /forecast makes (a fit of the values with the period and the horizon, then a forecast at the level asked
 * for). It prints, per set of windows and per model, sMAPE, MASE and OWA relative to Naive2 (the M4 definitions
 * of FORECAST.md), the ratios to seasonal naive, the coverage of the 80% and 95% intervals and the CPU time a
 * window; then the held-out windows where auto did worst.
 *
 * <p>With {@code --hourly-set DIR} the windows are cut so that tuning cannot leak into the result. Tuning sets:
 * the last three 48-hour windows inside each real training series (rolling origins, refitted at each), and
 * generated M4-style hourly series from the seed auto was designed on. Held-out sets, the result: each real
 * series' own test window, never forecast while tuning, and generated series from another seed, at the same
 * three origins and their final window. Without it ({@code --auto-eval}): generated hourly and daily series and
 * crypto windows, each cut once. A peer library's forecasts of the same windows (forecast/bench/peer) are scored
 * beside them by the same code. Generated series come from fixed seeds, so two runs print the same accuracy. Not
 * a test: it measures, it asserts nothing.
 */
public final class AutoEvaluation {

    /** The seed auto's design was measured on (bin/bench --auto-eval). */
    private static final long SEED = 20240604L;
    /** Generated series never looked at while tuning. */
    private static final long HELD_OUT_SEED = 20261207L;
    private static final int ORIGINS = 3;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** A named list of windows; held out if it is the result, not something tuned on. */
    private record WindowSet(String name, boolean heldOut, List<Case> cases) {
    }

    /** One method on one window. */
    private record Result(double smape, double mase, double smape2, double mase2, double cover80, double cover95,
                          double millis, String chosen) {
    }

    private AutoEvaluation() {
    }

    public static void main(String[] args) throws IOException {
        int hourly = 40;
        int daily = 60;
        boolean allModels = true;
        boolean variants = false;
        boolean tuningOnly = false;
        Path hourlySet = null;
        Path windowsOut = null;
        Path peerFile = null;
        int worst = 15;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--hourly-set" -> hourlySet = Path.of(args[++i]);
                case "--hourly" -> hourly = Integer.parseInt(args[++i]);
                case "--daily" -> daily = Integer.parseInt(args[++i]);
                case "--auto-only" -> allModels = false;
                case "--variants" -> variants = true;
                case "--tuning-only" -> tuningOnly = true;
                case "--windows" -> windowsOut = Path.of(args[++i]);
                case "--peer" -> peerFile = Path.of(args[++i]);
                case "--worst" -> worst = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; see bin/bench --help.");
            }
        }
        List<WindowSet> sets = hourlySet != null ? hourlySets(hourlySet, hourly) : List.of(mixedSet(hourly, daily));
        if (windowsOut != null) {
            List<Case> all = sets.stream().flatMap(s -> s.cases().stream()).toList();
            Peer.writeWindows(windowsOut, all);
            System.out.printf(Locale.ROOT, "%d windows written to %s%n", all.size(), windowsOut);
            return;
        }
        Peer.Forecasts peer = peerFile == null ? null : Peer.read(peerFile);
        List<ForecastModel> methods = methods(allModels, variants);
        System.out.printf(Locale.ROOT, "Java %s, %d cores%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        warmUp(methods);
        for (WindowSet set : sets) {
            if (set.heldOut() && tuningOnly) {
                continue;
            }
            Map<Case, Map<String, Result>> results = evaluate(set.cases(), methods, peer);
            System.out.printf(Locale.ROOT, "%n== %s: %s, %d windows%n", set.heldOut() ? "HELD OUT (the result)" : "tuning", set.name(),
                    set.cases().size());
            table(results, peer);
            groups(results, hourlySet == null, peer);
            if (set.heldOut()) {
                worst(results, worst);
            }
        }
    }

    /** The real set's inner origins and generated series of the design seed to tune on; the rest held out. */
    private static List<WindowSet> hourlySets(Path dir, int generated) throws IOException {
        List<Case> real = Case.hourlySet(dir);
        return List.of(
                new WindowSet("real hourly series, the last " + ORIGINS + " 48-hour windows of each training part", false,
                        real.stream().flatMap(c -> c.origins(ORIGINS).stream()).map(c -> c.named("real:" + c.kind())).toList()),
                new WindowSet("generated hourly series, seed " + SEED + ", " + (ORIGINS + 1) + " origins each", false,
                        generated(SEED, generated)),
                new WindowSet("real hourly series, their test windows (" + dir + ")", true,
                        real.stream().map(c -> c.named("real:" + c.kind() + "@test")).toList()),
                new WindowSet("generated hourly series, seed " + HELD_OUT_SEED + ", " + (ORIGINS + 1) + " origins each", true,
                        generated(HELD_OUT_SEED, generated)));
    }

    private static List<Case> generated(long seed, int count) {
        Random random = new Random(seed);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Case c = Case.hourly(random, i);
            String id = "gen" + seed + "-" + String.format(Locale.ROOT, "%02d", i) + ":" + c.kind();
            c.origins(ORIGINS).forEach(w -> cases.add(w.named(id + w.kind().substring(c.kind().length()))));
            cases.add(c.named(id + "@end"));
        }
        return cases;
    }

    /** bin/bench --auto-eval: generated hourly and daily series and the crypto windows, each cut once. */
    private static WindowSet mixedSet(int hourly, int daily) throws IOException {
        Random random = new Random(SEED);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < hourly; i++) {
            cases.add(Case.hourly(random, i));
        }
        for (int i = 0; i < daily; i++) {
            cases.add(Case.daily(random, i));
        }
        cases.addAll(Case.crypto());
        return new WindowSet(hourly + " hourly, " + daily + " daily generated series (seed " + SEED + ") and the crypto windows",
                false, cases);
    }

    private static List<ForecastModel> methods(boolean allModels, boolean variants) {
        List<ForecastModel> methods = new ArrayList<>();
        if (allModels) {
            Models.statistical().stream().filter(m -> !m.name().equals("prophet")).forEach(methods::add);
            methods.add(new CombModel());
        }
        if (variants) {
            // Each step of auto's design on its own, so the table shows what each one buys.
            methods.add(new Named("a:mase", new AutoModel(new AutoModel.Policy(false, false, 0, false, 5, 0))));  // the old auto
            methods.add(new Named("a:+owa", new AutoModel(new AutoModel.Policy(true, true, 0, false, 5, 0))));
            methods.add(new Named("a:+margin", new AutoModel(new AutoModel.Policy(true, true, AutoModel.COMB_MARGIN, false, 5, 0))));
            methods.add(new Named("a:+folds", new AutoModel(new AutoModel.Policy(true, true, AutoModel.COMB_MARGIN, false,
                    AutoModel.MAX_FOLDS, 0))));
            for (int best : new int[] {2, 3}) {
                methods.add(new Named("a:mean" + best, new AutoModel(new AutoModel.Policy(true, true, AutoModel.COMB_MARGIN, true,
                        AutoModel.MAX_FOLDS, best))));
            }
            // the design before the mean of mstl and arima became the seasonal standard
            methods.add(new Named("a:mstl", new AutoModel(new AutoModel.Policy(true, true, AutoModel.COMB_MARGIN, true,
                    AutoModel.MAX_FOLDS, 1))));
        }
        // serially, so its CPU time counts every candidate's (POST /forecast runs them on all cores)
        methods.add(new AutoModel(AutoModel.Policy.DEFAULT.serial()));
        return methods;
    }

    /** A model under another name, so variants of auto get their own rows. */
    private record Named(String name, ForecastModel model) implements ForecastModel {
        @Override
        public String description() {
            return model.description();
        }

        @Override
        public boolean seasonal() {
            return model.seasonal();
        }

        @Override
        public FittedModel fit(FitRequest request) {
            return model.fit(request);
        }

        @Override
        public FittedModel restore(byte[] state) {
            return model.restore(state);
        }
    }

    private static void warmUp(List<ForecastModel> methods) {
        Random r = new Random(1);
        for (int i = 0; i < 2; i++) {
            Case c = Case.hourly(r, i);
            Case d = Case.daily(r, i);
            for (ForecastModel m : methods) {
                m.fit(FitRequest.of(c.train(), c.period())).forecast(48, 80);
                m.fit(FitRequest.of(d.train(), d.period())).forecast(14, 80);
            }
        }
    }

    private static Map<Case, Map<String, Result>> evaluate(List<Case> cases, List<ForecastModel> methods, Peer.Forecasts peer) {
        Map<Case, Map<String, Result>> results = new LinkedHashMap<>();
        for (Case c : cases) {
            int h = c.actual().length;
            Map<String, Result> row = new LinkedHashMap<>();
            double[] naive2 = Naive2.forecast(c.train(), c.period(), h);
            row.put("naive2", result(c, naive2, naive2, null, null, null, null, Double.NaN, null));
            for (ForecastModel m : methods) {
                if (m.seasonal() && c.period() == 1) {
                    continue;
                }
                try {
                    long start = THREADS.getCurrentThreadCpuTime();
                    // as POST /forecast does: one period posted, a weekly cycle the data shows is added
                    FittedModel fitted = m.fit(FitRequest.of(c.train(), Seasonality.detect(c.train(), c.period()), h));
                    Forecast f80 = fitted.forecast(h, 80);
                    double ms = (THREADS.getCurrentThreadCpuTime() - start) / 1e6;
                    Forecast f95 = fitted.forecast(h, 95);
                    row.put(m.name(), result(c, naive2, f80.mean(), f80.lower(), f80.upper(), f95.lower(), f95.upper(), ms, f80.model()));
                } catch (IllegalArgumentException cannotFit) {
                    // left out of this window's row: the table says on how many windows a model ran
                }
            }
            if (peer != null) {
                peer.byMethod().forEach((method, windows) -> {
                    Peer.Forecast f = windows.get(c.kind());
                    if (f != null) {
                        row.put(method, result(c, naive2, f.mean(), f.lo80(), f.hi80(), f.lo95(), f.hi95(),
                                peer.millisPerWindow().getOrDefault(method, Double.NaN), null));
                    }
                });
            }
            results.put(c, row);
        }
        return results;
    }

    private static Result result(Case c, double[] naive2, double[] mean, double[] lo80, double[] hi80, double[] lo95,
                                 double[] hi95, double ms, String chosen) {
        double[] y = c.actual();
        return new Result(Metrics.smape(y, mean), Metrics.mase(y, mean, c.train(), c.period()), Metrics.smape(y, naive2),
                Metrics.mase(y, naive2, c.train(), c.period()), lo80 == null ? Double.NaN : Metrics.coverage(y, lo80, hi80),
                lo95 == null ? Double.NaN : Metrics.coverage(y, lo95, hi95), ms, chosen);
    }

    /** Sums of one method's results over some windows. */
    private record Sum(double smape, double mase, double smape2, double mase2, double cover80, double cover95, double millis,
                       int count) {
        static Sum of(Stream<Result> results) {
            double[] s = new double[7];
            int[] n = {0};
            results.forEach(r -> {
                s[0] += r.smape();
                s[1] += r.mase();
                s[2] += r.smape2();
                s[3] += r.mase2();
                s[4] += r.cover80();
                s[5] += r.cover95();
                s[6] += r.millis();
                n[0]++;
            });
            return new Sum(s[0], s[1], s[2], s[3], s[4], s[5], s[6], n[0]);
        }

        /** OWA over the windows summed: (sMAPE / sMAPE of Naive2 + MASE / MASE of Naive2) / 2 on the same windows. */
        double owa() {
            return (smape / smape2 + mase / mase2) / 2;
        }
    }

    private static Map<String, Sum> sums(Map<Case, Map<String, Result>> results) {
        Map<String, Sum> sums = new LinkedHashMap<>();
        results.values().stream().flatMap(row -> row.keySet().stream()).distinct().forEach(method ->
                sums.put(method, Sum.of(results.values().stream().map(row -> row.get(method)).filter(r -> r != null))));
        return sums;
    }

    private static void table(Map<Case, Map<String, Result>> results, Peer.Forecasts peer) {
        Map<String, Sum> sums = sums(results);
        Sum naive2 = sums.get("naive2");
        Sum snaive = sums.get("snaive");
        boolean seasonal = snaive != null && snaive.count() == naive2.count();
        System.out.printf(Locale.ROOT, "OWA = (sMAPE / sMAPE_naive2 + MASE / MASE_naive2) / 2, below 1 beats Naive2%s%n",
                seasonal ? "; /sn: relative to seasonal naive's" : "");
        System.out.printf(Locale.ROOT, "| %-16s | %7s | %7s | %6s | %8s | %8s | %6s | %6s | %10s |%n", "model", "sMAPE", "MASE", "OWA",
                "sMAPE/sn", "MASE/sn", "cov80", "cov95", "ms/window");
        System.out.println("|------------------|--------:|--------:|-------:|---------:|---------:|-------:|-------:|-----------:|");
        sums.forEach((name, t) -> {
            boolean partial = t.count() < naive2.count();
            boolean relative = seasonal && !partial;
            boolean isPeer = peer != null && peer.byMethod().containsKey(name);
            System.out.printf(Locale.ROOT, "| %-16s | %7.3f | %7.3f | %6.3f | %8s | %8s | %6s | %6s | %10s |%s%n", name,
                    t.smape() / t.count(), t.mase() / t.count(), t.owa(),
                    relative ? String.format(Locale.ROOT, "%.3f", t.smape() / snaive.smape()) : "",
                    relative ? String.format(Locale.ROOT, "%.3f", t.mase() / snaive.mase()) : "",
                    percent(t.cover80(), t.count()), percent(t.cover95(), t.count()),
                    Double.isNaN(t.millis()) ? "" : String.format(Locale.ROOT, "%.1f%s", t.millis() / t.count(), isPeer ? " wall" : ""),
                    partial ? " (ran on " + t.count() + " of " + naive2.count() + ")" : "");
        });
    }

    private static String percent(double sum, int count) {
        return Double.isNaN(sum) ? "" : String.format(Locale.ROOT, "%5.1f%%", 100 * sum / count);
    }

    /** Per group of windows: auto's OWA and ratios, the best other method's OWA, and what auto chose. */
    private static void groups(Map<Case, Map<String, Result>> results, boolean fullTables, Peer.Forecasts peer) {
        Map<String, Map<Case, Map<String, Result>>> byGroup = new LinkedHashMap<>();
        results.forEach((c, row) -> byGroup.computeIfAbsent(c.group(), g -> new LinkedHashMap<>()).put(c, row));
        if (byGroup.size() < 2) {
            return;
        }
        for (Map.Entry<String, Map<Case, Map<String, Result>>> group : byGroup.entrySet()) {
            if (fullTables) {
                System.out.printf(Locale.ROOT, "%n%s: %d windows%n", group.getKey(), group.getValue().size());
                table(group.getValue(), peer);
                continue;
            }
            Map<String, Sum> sums = sums(group.getValue());
            Sum auto = sums.get("auto");
            Sum snaive = sums.getOrDefault("snaive", sums.get("naive2"));
            Map.Entry<String, Sum> best = sums.entrySet().stream()
                    .filter(e -> !e.getKey().equals("auto") && e.getValue().count() == auto.count())
                    .min(Comparator.comparingDouble(e -> e.getValue().owa())).orElseThrow();
            System.out.printf(Locale.ROOT, "  %-8s %3d windows: auto OWA %.3f (sMAPE/sn %.3f, MASE/sn %.3f), best other %s %.3f; members %s%n",
                    group.getKey(), auto.count(), auto.owa(), auto.smape() / snaive.smape(), auto.mase() / snaive.mase(),
                    best.getKey(), best.getValue().owa(), chosen(group.getValue()));
        }
        if (fullTables) {
            byGroup.forEach((g, rows) -> System.out.printf(Locale.ROOT, "auto's members on %s: %s%n", g, chosen(rows)));
        }
    }

    /** How often each model was one of auto's members (alone or in a mean). */
    private static Map<String, Integer> chosen(Map<Case, Map<String, Result>> results) {
        Map<String, Integer> chosen = new LinkedHashMap<>();
        results.values().forEach(row -> {
            Result auto = row.get("auto");
            if (auto != null) {
                AutoModel.memberNames(auto.chosen()).forEach(member -> chosen.merge(member, 1, Integer::sum));
            }
        });
        return chosen;
    }

    /**
     * The windows where auto lost most to the yardstick (seasonal naive where it ran, else Naive2), by MASE: a
     * scale-free mean is dominated by these.
     */
    private static void worst(Map<Case, Map<String, Result>> results, int count) {
        record Loss(Case c, Result auto, String yardstick, Result reference, String best, Result bestResult) {
            double excess() {
                return auto.mase() - reference.mase();
            }
        }
        List<Loss> losses = new ArrayList<>();
        results.forEach((c, row) -> {
            Result auto = row.get("auto");
            if (auto == null) {
                return;
            }
            String yardstick = row.containsKey("snaive") ? "snaive" : "naive2";
            Map.Entry<String, Result> best = row.entrySet().stream().filter(e -> !e.getKey().startsWith("a") || e.getKey().equals("arima"))
                    .min(Comparator.comparingDouble(e -> e.getValue().mase())).orElseThrow();
            losses.add(new Loss(c, auto, yardstick, row.get(yardstick), best.getKey(), best.getValue()));
        });
        losses.sort(Comparator.comparingDouble(Loss::excess).reversed());
        double total = losses.stream().mapToDouble(l -> Math.max(0, l.excess())).sum();
        long lost = losses.stream().filter(l -> l.excess() > 0).count();
        System.out.printf(Locale.ROOT, "%nauto's MASE was above its yardstick's on %d of %d windows; the %d worst (%.0f%% of the excess):%n",
                lost, losses.size(), Math.min(count, losses.size()),
                total > 0 ? 100 * losses.stream().limit(count).mapToDouble(l -> Math.max(0, l.excess())).sum() / total : 0);
        System.out.printf(Locale.ROOT, "| %-40s | %-18s | %8s | %14s | %16s |%n", "window", "auto chose", "auto MASE", "yardstick MASE",
                "best (MASE)");
        System.out.println("|------------------------------------------|--------------------|----------:|---------------:|------------------|");
        losses.stream().limit(count).forEach(l -> System.out.printf(Locale.ROOT, "| %-40s | %-18s | %9.3f | %6s %7.3f | %-9s %6.3f |%n",
                l.c().kind(), l.auto().chosen(), l.auto().mase(), l.yardstick(), l.reference().mase(), l.best(), l.bestResult().mase()));
    }
}
