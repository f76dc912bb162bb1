package microlab.forecast.bench;

import microlab.forecast.evaluation.Backtest;
import microlab.forecast.evaluation.BacktestResult;
import microlab.forecast.evaluation.ModelScore;
import microlab.forecast.model.FitRequest;
import microlab.forecast.model.Forecast;
import microlab.forecast.model.ForecastModel;
import microlab.forecast.selection.Models;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the model benchmark tables for bin/bench: fit + forecast time per model on BTC, backtest
 * time, and the accuracy of every model on the last year of each shipped asset. Not a test: it
 * asserts nothing, it measures.
 */
public final class Bench {

    private static final String[] ASSETS = {"BTC", "ETH", "SOL", "XRP", "DOGE"};
    private static final int HORIZON = 30;
    private static final double LEVEL = 80;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Bench() {
    }

    public static void main(String[] args) throws IOException {
        int accuracyFolds = 12;
        int lstmFolds = 4;
        boolean lstm = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--folds" -> accuracyFolds = Integer.parseInt(args[++i]);
                case "--lstm-folds" -> lstmFolds = Integer.parseInt(args[++i]);
                case "--no-lstm" -> lstm = false;
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; see bin/bench --help.");
            }
        }
        Map<String, double[]> closes = new LinkedHashMap<>();
        for (String asset : ASSETS) {
            closes.put(asset, closes(asset));
        }
        List<ForecastModel> models = new ArrayList<>();
        for (ForecastModel m : Models.all()) {
            if (lstm || !m.name().equals("lstm")) {
                models.add(m);
            }
        }
        System.out.printf(Locale.ROOT, "Java %s, %d cores; horizon %d, %s%% intervals%n%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), HORIZON, (int) LEVEL);
        timing(closes.get("BTC"), models);
        backtestTiming(closes.get("BTC"));
        List<ForecastModel> quick = models.stream().filter(m -> !m.name().equals("lstm")).toList();
        accuracy(closes, quick, accuracyFolds, true);
        if (lstm) {
            System.out.println();
            accuracy(closes, Models.all().stream().filter(m -> m.name().equals("naive") || m.name().equals("lstm")).toList(),
                    lstmFolds, false);
        }
    }

    private static void timing(double[] btc, List<ForecastModel> models) {
        System.out.printf(Locale.ROOT, "Fit + forecast time on BTC (%d daily closes), median of timed runs after warm-up%n", btc.length);
        System.out.println("(wall ms on a machine others may share; cpu ms is this thread's CPU time, less disturbed by them)");
        System.out.printf(Locale.ROOT, "| %-10s | %9s | %9s | %4s | %-34s |%n", "model", "wall ms", "cpu ms", "runs", "fitted");
        System.out.println("|------------|----------:|----------:|-----:|------------------------------------|");
        for (ForecastModel model : models) {
            boolean slow = model.name().equals("lstm");
            int warmup = slow ? 0 : 5;
            int runs = slow ? 1 : 15;
            Forecast last = null;
            for (int i = 0; i < warmup; i++) {
                model.fit(FitRequest.of(btc, 1, HORIZON)).forecast(HORIZON, LEVEL);
            }
            double[] ms = new double[runs];
            double[] cpu = new double[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                long startCpu = THREADS.getCurrentThreadCpuTime();
                last = model.fit(FitRequest.of(btc, 1, HORIZON)).forecast(HORIZON, LEVEL);
                cpu[i] = (THREADS.getCurrentThreadCpuTime() - startCpu) / 1e6;
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(ms);
            Arrays.sort(cpu);
            System.out.printf(Locale.ROOT, "| %-10s | %9.2f | %9s | %4d | %-34s |%n", model.name(), ms[runs / 2],
                    slow ? "n/a" : String.format(Locale.ROOT, "%.2f", cpu[runs / 2]), runs, summary(last));
        }
        System.out.println();
    }

    private static String summary(Forecast f) {
        StringBuilder s = new StringBuilder(f.model()).append(f.logScale() ? " log" : " raw");
        Object form = f.parameters().get("form");
        if (form != null) {
            s.append(' ').append(form);
        }
        String text = s.toString();
        return text.length() > 34 ? text.substring(0, 34) : text;
    }

    private static void backtestTiming(double[] btc) {
        List<ForecastModel> statistical = Models.statistical();
        for (int i = 0; i < 3; i++) {
            Backtest.run(btc, 1, HORIZON, 5, LEVEL, statistical);
        }
        double[][] full = timed(() -> Backtest.run(btc, 1, HORIZON, 5, LEVEL, statistical));
        ForecastModel auto = Models.find("auto").orElseThrow();
        double[][] autoMs = timed(() -> auto.fit(FitRequest.of(btc, 1, HORIZON)).forecast(HORIZON, LEVEL));
        System.out.printf(Locale.ROOT, "Backtest time on BTC, horizon %d, median of %d runs%n", HORIZON, full[0].length);
        System.out.printf(Locale.ROOT, "| %-58s | %8s | %8s |%n", "what", "wall ms", "cpu ms");
        System.out.println("|------------------------------------------------------------|---------:|---------:|");
        System.out.printf(Locale.ROOT, "| %-58s | %8.1f | %8.1f |%n",
                "5 folds x " + statistical.size() + " statistical models (" + names(statistical) + ")", full[0][3], full[1][3]);
        System.out.printf(Locale.ROOT, "| %-58s | %8.1f | %8.1f |%n", "auto: its own 5-fold backtest + refit + forecast",
                autoMs[0][3], autoMs[1][3]);
        System.out.println();
    }

    /** Seven timed runs after the warm-up: sorted wall and CPU milliseconds. */
    private static double[][] timed(Runnable work) {
        double[] wall = new double[7];
        double[] cpu = new double[7];
        for (int i = 0; i < wall.length; i++) {
            long start = System.nanoTime();
            long startCpu = THREADS.getCurrentThreadCpuTime();
            work.run();
            cpu[i] = (THREADS.getCurrentThreadCpuTime() - startCpu) / 1e6;
            wall[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new double[][] {wall, cpu};
    }

    private static String names(List<ForecastModel> models) {
        return models.size() <= 3 ? String.join(", ", models.stream().map(ForecastModel::name).toList())
                : models.get(0).name() + " .. " + models.get(models.size() - 1).name();
    }

    /**
     * MASE relative to naive, then the coverage of the 80% intervals and, with {@code with95}, of the 95% ones (a second
     * backtest at that level: the bands differ, the forecasts do not).
     */
    private static void accuracy(Map<String, double[]> closes, List<ForecastModel> models, int folds, boolean with95) {
        Map<String, BacktestResult> results = new LinkedHashMap<>();
        Map<String, BacktestResult> results95 = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> asset : closes.entrySet()) {
            long start = System.nanoTime();
            results.put(asset.getKey(), Backtest.run(asset.getValue(), 1, HORIZON, folds, LEVEL, models));
            seconds.put(asset.getKey(), (System.nanoTime() - start) / 1e9);
            if (with95) {
                results95.put(asset.getKey(), Backtest.run(asset.getValue(), 1, HORIZON, folds, 95, models));
            }
        }
        System.out.printf(Locale.ROOT, "Accuracy on the last %d days of each asset: %d rolling origins %d days apart, horizon %d%n",
                folds * HORIZON, folds, HORIZON, HORIZON);
        if (models.stream().anyMatch(m -> m.name().equals("lstm"))) {
            System.out.println("(lstm trains once per fold and asset, so it is scored on fewer, later folds than the table above)");
        }
        System.out.println("MASE relative to naive (below 1.00 beats the random walk), then the 80% interval's coverage"
                + (with95 ? ", then the 95% interval's" : "") + " (percent of the values inside)");
        int groups = with95 ? 3 : 2;
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "| %-10s |", "model"));
        StringBuilder rule = new StringBuilder("|------------|");
        for (int g = 0; g < groups; g++) {
            for (String asset : closes.keySet()) {
                header.append(String.format(Locale.ROOT, " %5s |", asset));
                rule.append("------:|");
            }
            header.append(String.format(Locale.ROOT, " %5s |", "mean"));
            rule.append("------:|");
        }
        System.out.println(header);
        System.out.println(rule);
        for (ForecastModel model : models) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %-10s |", model.name()));
            columns(row, results, model, (r, s) -> s.mase() / score(r, "naive").mase(), "%5.2f");
            columns(row, results, model, (r, s) -> 100 * s.coverage(), "%5.1f");
            if (with95) {
                columns(row, results95, model, (r, s) -> 100 * s.coverage(), "%5.1f");
            }
            System.out.println(row);
        }
        StringBuilder naive = new StringBuilder("naive MASE: ");
        StringBuilder time = new StringBuilder("backtest seconds per asset (all models above, one level): ");
        for (Map.Entry<String, BacktestResult> r : results.entrySet()) {
            naive.append(String.format(Locale.ROOT, "%s %.2f  ", r.getKey(), score(r.getValue(), "naive").mase()));
            time.append(String.format(Locale.ROOT, "%s %.1f  ", r.getKey(), seconds.get(r.getKey())));
        }
        System.out.println(naive.toString().trim());
        System.out.println(time.toString().trim());
    }

    /** One figure of the model's per asset, then their mean. */
    private static void columns(StringBuilder row, Map<String, BacktestResult> results, ForecastModel model,
                                java.util.function.ToDoubleBiFunction<BacktestResult, ModelScore> figure, String format) {
        double sum = 0;
        int count = 0;
        for (BacktestResult r : results.values()) {
            ModelScore s = score(r, model.name());
            if (s == null) {
                row.append(String.format(Locale.ROOT, " %5s |", "-"));
            } else {
                double v = figure.applyAsDouble(r, s);
                row.append(' ').append(String.format(Locale.ROOT, format, v)).append(" |");
                sum += v;
                count++;
            }
        }
        row.append(' ').append(String.format(Locale.ROOT, format, sum / Math.max(1, count))).append(" |");
    }

    private static ModelScore score(BacktestResult r, String model) {
        return r.scores().stream().filter(s -> s.model().equals(model)).findFirst().orElse(null);
    }

    /** The shipped closes, from the service's resources (bin/bench runs at the repository's root). */
    static final java.nio.file.Path CRYPTO = java.nio.file.Path.of("forecast/src/main/resources/data/crypto");

    static double[] closes(String asset) throws IOException {
        java.nio.file.Path file = CRYPTO.resolve(asset + "-USD.csv");
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IOException("The price file " + file + " is not there; run bin/bench from the repository's root.");
        }
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> header = Arrays.asList(reader.readLine().split(","));
            int close = header.indexOf("Close");
            List<Double> values = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    values.add(Double.parseDouble(line.split(",")[close]));
                }
            }
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }
}
