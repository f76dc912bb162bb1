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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Measures auto the way the service will be judged: on series it has never seen, hourly and daily in
 * the M4 style, through the same calls POST /forecast makes (a fit of the values with the period and the
 * horizon, then a forecast at the level asked for). Every series is cut once: the last {@code horizon}
 * values are held out ({@link Case}). It
 * prints, per group of series and per model, sMAPE, MASE and OWA relative to Naive2 (the M4
 * definitions of FORECAST.md), the coverage of the 80% and 95% intervals, and the time per series.
 * The synthetic series come from a fixed seed, so two runs print the same accuracy. Not a test: it
 * measures, it asserts nothing.
 */
public final class AutoEvaluation {

    private static final long SEED = 20240604L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Sums over the cases of one group for one method. */
    private static final class Tally {
        double smape;
        double mase;
        double cover80;
        double cover95;
        double millis;
        double smape2;
        double mase2;
        int count;
        int failures;
        final Map<String, Integer> chosen = new LinkedHashMap<>();
    }

    private AutoEvaluation() {
    }

    public static void main(String[] args) throws IOException {
        int hourly = 40;
        int daily = 60;
        boolean allModels = true;
        boolean variants = false;
        Path hourlySet = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--hourly-set" -> hourlySet = Path.of(args[++i]);
                case "--hourly" -> hourly = Integer.parseInt(args[++i]);
                case "--daily" -> daily = Integer.parseInt(args[++i]);
                case "--auto-only" -> allModels = false;
                case "--variants" -> variants = true;
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; see bin/bench --help.");
            }
        }
        List<Case> cases = new ArrayList<>();
        if (hourlySet != null) {
            cases.addAll(Case.hourlySet(hourlySet));
        } else {
            Random random = new Random(SEED);
            for (int i = 0; i < hourly; i++) {
                cases.add(Case.hourly(random, i));
            }
            for (int i = 0; i < daily; i++) {
                cases.add(Case.daily(random, i));
            }
            cases.addAll(Case.crypto());
        }
        List<ForecastModel> methods = new ArrayList<>();
        if (allModels) {
            for (ForecastModel m : Models.statistical()) {
                if (!m.name().equals("prophet")) {
                    methods.add(m);
                }
            }
        }
        if (allModels) {
            methods.add(new CombModel());
        }
        if (variants) {
            // Each step of auto's design on its own, so the table shows what each one buys.
            methods.add(new Named("a:mase", new AutoModel(new AutoModel.Policy(false, false, 0, false, 5, 0))));  // the old auto
            methods.add(new Named("a:+comb", new AutoModel(new AutoModel.Policy(true, false, 0, false, 5, 0))));
            methods.add(new Named("a:+owa", new AutoModel(new AutoModel.Policy(true, true, 0, false, 5, 0))));
            methods.add(new Named("a:+margin", new AutoModel(new AutoModel.Policy(true, true, AutoModel.COMB_MARGIN, false, 5, 0))));
            methods.add(new Named("a:+folds", new AutoModel(new AutoModel.Policy(true, true, AutoModel.COMB_MARGIN, false,
                    AutoModel.MAX_FOLDS, 0))));
            for (int best : new int[] {2, 3}) {
                methods.add(new Named("a:mean" + best, new AutoModel(new AutoModel.Policy(true, true, AutoModel.COMB_MARGIN, true,
                        AutoModel.MAX_FOLDS, best))));
            }
        }
        // serially, so its CPU time counts every candidate's (POST /forecast runs them on all cores)
        methods.add(new AutoModel(AutoModel.Policy.DEFAULT.serial()));
        if (hourlySet != null) {
            System.out.printf(Locale.ROOT, "Java %s, %d cores; %d hourly series from %s, period 24, horizon 48%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), cases.size(), hourlySet);
        } else {
            System.out.printf(Locale.ROOT, "Java %s, %d cores; %d hourly, %d daily, %d crypto held-out cases, seed %d%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), hourly, daily,
                    cases.size() - hourly - daily, SEED);
        }
        warmUp(methods);
        evaluate(cases, methods);
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

    static void evaluate(List<Case> cases, List<ForecastModel> methods) {
        Map<String, Map<String, Tally>> byGroup = new LinkedHashMap<>();
        for (Case c : cases) {
            int h = c.actual().length;
            Map<String, Tally> tallies = byGroup.computeIfAbsent(c.group(), g -> new LinkedHashMap<>());
            double[] naive2 = Naive2.forecast(c.train(), c.period(), h);
            add(tallies.computeIfAbsent("naive2", k -> new Tally()), c, naive2, naive2, null, null, 0);
            for (ForecastModel m : methods) {
                Tally tally = tallies.computeIfAbsent(m.name(), k -> new Tally());
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
                    add(tally, c, naive2, f80.mean(), f80, f95, ms);
                    tally.chosen.merge(f80.model(), 1, Integer::sum);
                } catch (IllegalArgumentException cannotFit) {
                    tally.failures++;
                }
            }
        }
        for (Map.Entry<String, Map<String, Tally>> group : byGroup.entrySet()) {
            print(group.getKey(), group.getValue(), cases.stream().filter(c -> c.group().equals(group.getKey())).count());
        }
        Map<String, Tally> all = new LinkedHashMap<>();
        byGroup.values().forEach(g -> g.forEach((name, t) -> {
            Tally sum = all.computeIfAbsent(name, k -> new Tally());
            sum.smape += t.smape;
            sum.mase += t.mase;
            sum.cover80 += t.cover80;
            sum.cover95 += t.cover95;
            sum.millis += t.millis;
            sum.smape2 += t.smape2;
            sum.mase2 += t.mase2;
            sum.count += t.count;
            sum.failures += t.failures;
        }));
        print("all", all, cases.size());
        for (Map.Entry<String, Map<String, Tally>> group : byGroup.entrySet()) {
            System.out.printf(Locale.ROOT, "auto chose on %s: %s%n", group.getKey(), group.getValue().get("auto").chosen);
        }
    }

    private static void add(Tally t, Case c, double[] naive2, double[] mean, Forecast f80, Forecast f95, double ms) {
        t.smape += Metrics.smape(c.actual(), mean);
        t.mase += Metrics.mase(c.actual(), mean, c.train(), c.period());
        t.smape2 += Metrics.smape(c.actual(), naive2);
        t.mase2 += Metrics.mase(c.actual(), naive2, c.train(), c.period());
        if (f80 != null) {
            t.cover80 += Metrics.coverage(c.actual(), f80.lower(), f80.upper());
            t.cover95 += Metrics.coverage(c.actual(), f95.lower(), f95.upper());
        }
        t.millis += ms;
        t.count++;
    }

    private static void print(String group, Map<String, Tally> tallies, long cases) {
        Tally naive2 = tallies.get("naive2");
        // seasonal naive is the yardstick where a season was posted (hourly); it does not run without one
        Tally snaive = tallies.get("snaive");
        boolean seasonal = snaive != null && snaive.count == naive2.count;
        System.out.printf(Locale.ROOT, "%n%s: %d series; OWA = (sMAPE / sMAPE_naive2 + MASE / MASE_naive2) / 2, below 1 beats Naive2%s%n",
                group, cases, seasonal ? "; /snaive: the mean relative to seasonal naive's" : "");
        System.out.printf(Locale.ROOT, "| %-9s | %7s | %7s | %6s | %8s | %8s | %6s | %6s | %9s |%n", "model", "sMAPE", "MASE", "OWA",
                "sMAPE/sn", "MASE/sn", "cov80", "cov95", "cpu ms/s");
        System.out.println("|-----------|--------:|--------:|-------:|---------:|---------:|-------:|-------:|----------:|");
        tallies.forEach((name, t) -> {
            if (t.count == 0) {
                return;
            }
            // OWA is defined over a whole set: a model that skipped some series is compared with Naive2 on those it ran.
            boolean partial = t.count < naive2.count;
            double smape = t.smape / t.count;
            double mase = t.mase / t.count;
            double owa = (t.smape / t.smape2 + t.mase / t.mase2) / 2;
            boolean intervals = !name.equals("naive2");
            boolean relative = seasonal && !partial;
            System.out.printf(Locale.ROOT, "| %-9s | %7.3f | %7.3f | %6.3f | %8s | %8s | %6s | %6s | %9s |%s%n", name, smape, mase,
                    owa, relative ? String.format(Locale.ROOT, "%.3f", t.smape / snaive.smape) : "",
                    relative ? String.format(Locale.ROOT, "%.3f", t.mase / snaive.mase) : "",
                    intervals ? String.format(Locale.ROOT, "%5.1f%%", 100 * t.cover80 / t.count) : "",
                    intervals ? String.format(Locale.ROOT, "%5.1f%%", 100 * t.cover95 / t.count) : "",
                    intervals ? String.format(Locale.ROOT, "%.1f", t.millis / t.count) : "",
                    partial ? " (ran on " + t.count + " of " + naive2.count + ")" : "");
        });
    }
}
