package microlab.forecast.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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

    private Bench() {
    }

    public static void main(String[] args) throws IOException {
        int accuracyFolds = 12;
        boolean lstm = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--folds" -> accuracyFolds = Integer.parseInt(args[++i]);
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
        accuracy(closes, models, accuracyFolds);
    }

    private static void timing(double[] btc, List<ForecastModel> models) {
        System.out.printf(Locale.ROOT, "Fit + forecast time on BTC (%d daily closes), median of timed runs after warm-up%n", btc.length);
        System.out.printf(Locale.ROOT, "| %-8s | %10s | %5s | %-40s |%n", "model", "ms", "runs", "fitted");
        System.out.println("|----------|-----------:|------:|------------------------------------------|");
        for (ForecastModel model : models) {
            boolean slow = model.name().equals("lstm");
            int warmup = slow ? 0 : 5;
            int runs = slow ? 1 : 15;
            Forecast last = null;
            for (int i = 0; i < warmup; i++) {
                model.fit(btc, 1, HORIZON).forecast(HORIZON, LEVEL);
            }
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                last = model.fit(btc, 1, HORIZON).forecast(HORIZON, LEVEL);
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "| %-8s | %10.2f | %5d | %-40s |%n", model.name(), ms[runs / 2], runs, summary(last));
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
        return text.length() > 40 ? text.substring(0, 40) : text;
    }

    private static void backtestTiming(double[] btc) {
        List<ForecastModel> statistical = Models.statistical();
        for (int i = 0; i < 3; i++) {
            Backtest.run(btc, 1, HORIZON, 5, LEVEL, statistical);
        }
        double[] ms = new double[7];
        for (int i = 0; i < ms.length; i++) {
            long start = System.nanoTime();
            Backtest.run(btc, 1, HORIZON, 5, LEVEL, statistical);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        ForecastModel auto = Models.find("auto").orElseThrow();
        double[] autoMs = new double[7];
        for (int i = 0; i < autoMs.length; i++) {
            long start = System.nanoTime();
            auto.fit(btc, 1, HORIZON).forecast(HORIZON, LEVEL);
            autoMs[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(autoMs);
        System.out.printf(Locale.ROOT, "Backtest time on BTC, horizon %d, median of %d runs%n", HORIZON, ms.length);
        System.out.printf(Locale.ROOT, "| %-58s | %8s |%n", "what", "ms");
        System.out.println("|------------------------------------------------------------|---------:|");
        System.out.printf(Locale.ROOT, "| %-58s | %8.1f |%n",
                "5 folds x " + statistical.size() + " statistical models (" + names(statistical) + ")", ms[ms.length / 2]);
        System.out.printf(Locale.ROOT, "| %-58s | %8.1f |%n", "auto: its own 5-fold backtest + refit + forecast", autoMs[autoMs.length / 2]);
        System.out.println();
    }

    private static String names(List<ForecastModel> models) {
        return models.size() <= 3 ? String.join(", ", models.stream().map(ForecastModel::name).toList())
                : models.get(0).name() + " .. " + models.get(models.size() - 1).name();
    }

    private static void accuracy(Map<String, double[]> closes, List<ForecastModel> models, int folds) {
        Map<String, BacktestResult> results = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> asset : closes.entrySet()) {
            long start = System.nanoTime();
            results.put(asset.getKey(), Backtest.run(asset.getValue(), 1, HORIZON, folds, LEVEL, models));
            seconds.put(asset.getKey(), (System.nanoTime() - start) / 1e9);
        }
        System.out.printf(Locale.ROOT, "Accuracy on the last %d days of each asset: %d rolling origins %d days apart, horizon %d%n",
                folds * HORIZON, folds, HORIZON, HORIZON);
        System.out.println("MASE relative to naive (below 1.00 beats the random walk), then 80% interval coverage");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "| %-8s |", "model"));
        StringBuilder rule = new StringBuilder("|----------|");
        for (String asset : closes.keySet()) {
            header.append(String.format(Locale.ROOT, " %5s |", asset));
            rule.append("------:|");
        }
        header.append(String.format(Locale.ROOT, " %5s |", "mean"));
        rule.append("------:|");
        for (String asset : closes.keySet()) {
            header.append(String.format(Locale.ROOT, " %5s |", asset));
            rule.append("------:|");
        }
        header.append(String.format(Locale.ROOT, " %5s |", "mean"));
        rule.append("------:|");
        System.out.println(header);
        System.out.println(rule);
        for (ForecastModel model : models) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %-8s |", model.name()));
            double sum = 0;
            int count = 0;
            for (BacktestResult r : results.values()) {
                double naive = score(r, "naive").mase();
                ModelScore s = score(r, model.name());
                if (s == null) {
                    row.append(String.format(Locale.ROOT, " %5s |", "-"));
                } else {
                    row.append(String.format(Locale.ROOT, " %5.2f |", s.mase() / naive));
                    sum += s.mase() / naive;
                    count++;
                }
            }
            row.append(String.format(Locale.ROOT, " %5.2f |", sum / Math.max(1, count)));
            sum = 0;
            count = 0;
            for (BacktestResult r : results.values()) {
                ModelScore s = score(r, model.name());
                if (s == null) {
                    row.append(String.format(Locale.ROOT, " %5s |", "-"));
                } else {
                    row.append(String.format(Locale.ROOT, " %4.0f%% |", 100 * s.coverage()));
                    sum += s.coverage();
                    count++;
                }
            }
            row.append(String.format(Locale.ROOT, " %4.0f%% |", 100 * sum / Math.max(1, count)));
            System.out.println(row);
        }
        StringBuilder naive = new StringBuilder("naive MASE: ");
        StringBuilder time = new StringBuilder("backtest seconds per asset (all models above): ");
        for (Map.Entry<String, BacktestResult> r : results.entrySet()) {
            naive.append(String.format(Locale.ROOT, "%s %.2f  ", r.getKey(), score(r.getValue(), "naive").mase()));
            time.append(String.format(Locale.ROOT, "%s %.1f  ", r.getKey(), seconds.get(r.getKey())));
        }
        System.out.println(naive.toString().trim());
        System.out.println(time.toString().trim());
    }

    private static ModelScore score(BacktestResult r, String model) {
        return r.scores().stream().filter(s -> s.model().equals(model)).findFirst().orElse(null);
    }

    static double[] closes(String asset) throws IOException {
        String resource = "/data/crypto/" + asset + "-USD.csv";
        try (InputStream in = Bench.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("The price file " + resource + " is not on the classpath; build the forecast module first.");
            }
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
