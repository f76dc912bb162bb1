package microlab.forecast.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One held-out problem of {@link AutoEvaluation}: the training values, the period given to the API, the
 * values to forecast; and where the problems come from: synthetic M4-style hourly and daily series, the
 * shipped closes, or a held-out set on disk.
 */
record Case(String group, String kind, double[] train, int period, double[] actual) {

    /**
     * Hourly: a daily profile of a few harmonics, multiplicative or additive, on a level that may trend,
     * wander or shift once; some get a weekday/weekend modulation (period 168); noise is AR(1).
     */
    static Case hourly(Random r, int i) {
        int n = 700 + r.nextInt(301);
        int horizon = 48;
        int total = n + horizon;
        double base = Math.exp(Math.log(20) + r.nextDouble() * Math.log(500));
        boolean multiplicative = r.nextBoolean();
        boolean weekly = r.nextDouble() < 0.4;
        boolean shift = r.nextDouble() < 0.25;
        int trendKind = r.nextInt(3);
        double amplitude = 0.1 + 0.8 * r.nextDouble();
        double[] a = new double[4];
        double[] phase = new double[4];
        for (int k = 1; k <= 3; k++) {
            a[k] = r.nextDouble() / k;
            phase[k] = 2 * Math.PI * r.nextDouble();
        }
        double noise = 0.02 + 0.2 * r.nextDouble();
        double ar = 0.3 + 0.6 * r.nextDouble();
        double slope = (r.nextDouble() - 0.4) * 0.6 / total;
        int shiftAt = (int) (total * (0.5 + 0.45 * r.nextDouble()));
        double shiftSize = (r.nextBoolean() ? 1 : -1) * (0.1 + 0.2 * r.nextDouble());
        double weekend = 0.5 + 0.4 * r.nextDouble();
        double wander = 0.002 + 0.008 * r.nextDouble();
        double[] y = new double[total];
        double level = 1;
        double e = 0;
        double norm = a[1] + a[2] + a[3];
        for (int t = 0; t < total; t++) {
            double profile = 0;
            for (int k = 1; k <= 3; k++) {
                profile += a[k] * Math.sin(2 * Math.PI * k * t / 24 + phase[k]);
            }
            profile = amplitude * profile / norm;
            if (weekly && (t / 24) % 7 >= 5) {
                profile *= weekend;
            }
            switch (trendKind) {
                case 1 -> level = 1 + slope * t;
                case 2 -> level *= Math.exp(wander * r.nextGaussian());
                default -> level = 1;
            }
            double lv = level * (shift && t >= shiftAt ? 1 + shiftSize : 1);
            e = ar * e + Math.sqrt(1 - ar * ar) * noise * r.nextGaussian();
            y[t] = multiplicative ? base * lv * (1 + profile) * (1 + e) : base * (lv + profile + e);
            y[t] = Math.max(y[t], 0.01 * base);
        }
        String kind = (multiplicative ? "mul" : "add") + (weekly ? "+wk" : "") + (shift ? "+shift" : "")
                + new String[] {"", "+trend", "+wander"}[trendKind];
        return split("hourly", kind, y, 24, horizon);
    }

    /**
     * Daily: random walks with and without drift (on the log scale, like prices), damped local trends,
     * a local level under heavy noise; a quarter get a weak weekly cycle and are posted with period 7.
     */
    static Case daily(Random r, int i) {
        int n = (int) Math.exp(Math.log(100) + r.nextDouble() * Math.log(40));
        int horizon = 14;
        int total = n + horizon;
        double base = Math.exp(Math.log(50) + r.nextDouble() * Math.log(200));
        int kind = r.nextInt(4);
        boolean weekly = r.nextDouble() < 0.25;
        double sd = 0.005 + 0.03 * r.nextDouble();
        double drift = 0.15 * sd * r.nextGaussian();
        double phi = 0.9 + 0.09 * r.nextDouble();
        double weekAmp = 0.01 + 0.04 * r.nextDouble();
        double[] week = new double[7];
        for (int d = 0; d < 7; d++) {
            week[d] = weekAmp * r.nextGaussian();
        }
        double[] y = new double[total];
        double level = Math.log(base);
        double slope = drift;
        for (int t = 0; t < total; t++) {
            double obs;
            switch (kind) {
                case 0 -> {
                    level += sd * r.nextGaussian();
                    obs = level;
                }
                case 1 -> {
                    level += drift + sd * r.nextGaussian();
                    obs = level;
                }
                case 2 -> {
                    slope = phi * slope + 0.05 * sd * r.nextGaussian();
                    level += slope + sd * r.nextGaussian();
                    obs = level + 0.3 * sd * r.nextGaussian();
                }
                default -> {
                    level += 0.3 * sd * r.nextGaussian();
                    obs = level + 1.5 * sd * r.nextGaussian();
                }
            }
            y[t] = Math.exp(obs + (weekly ? week[t % 7] : 0));
        }
        String name = new String[] {"walk", "walk+drift", "damped", "local-level"}[kind] + (weekly ? "+wk7" : "");
        return split("daily", name, y, weekly ? 7 : 1, horizon);
    }

    /**
     * The last {@code count} windows of {@code horizon} steps inside this case's training values, oldest first,
     * each with the values before it to train on: rolling origins that leave the case's own held-out values aside.
     * Their kind is this case's with the origin appended ({@code energy-aep-01@-96}: 96 steps before the end of training).
     */
    List<Case> origins(int count) {
        int horizon = actual.length;
        List<Case> windows = new ArrayList<>();
        for (int k = count; k >= 1; k--) {
            int end = train.length - k * horizon;
            windows.add(new Case(group, kind + "@-" + k * horizon, Arrays.copyOf(train, end), period,
                    Arrays.copyOfRange(train, end, end + horizon)));
        }
        return windows;
    }

    /** This case under another kind (its id in a table and in the windows file). */
    Case named(String name) {
        return new Case(group, name, train, period, actual);
    }

    private static Case split(String group, String kind, double[] y, int period, int horizon) {
        int n = y.length - horizon;
        return new Case(group, kind, Arrays.copyOf(y, n), period, Arrays.copyOfRange(y, n, y.length));
    }

    /** The shipped closes: four origins 14 days apart at the end of each asset, horizon 14, period 1. */
    static List<Case> crypto() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String asset : new String[] {"BTC", "ETH", "SOL", "XRP", "DOGE"}) {
            double[] closes = Bench.closes(asset);
            for (int k = 4; k >= 1; k--) {
                int end = closes.length - (k - 1) * 14;
                cases.add(split("crypto", asset, Arrays.copyOf(closes, end), 1, 14));
            }
        }
        return cases;
    }

    /**
     * A held-out set on disk: {@code train.csv} and {@code test.csv}, one series a row ({@code id,v1,v2,...},
     * ragged), grouped by the id's first word (energy-aep-01 is in group energy); posted with period 24.
     */
    static List<Case> hourlySet(Path dir) throws IOException {
        Map<String, double[]> test = new LinkedHashMap<>();
        for (String[] row : rows(dir.resolve("test.csv"))) {
            test.put(row[0], values(row));
        }
        List<Case> cases = new ArrayList<>();
        for (String[] row : rows(dir.resolve("train.csv"))) {
            double[] actual = test.get(row[0]);
            if (actual == null) {
                throw new IllegalArgumentException(row[0] + " is in train.csv but not in test.csv");
            }
            cases.add(new Case(row[0].split("-")[0], row[0], values(row), 24, actual));
        }
        return cases;
    }

    private static List<String[]> rows(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).map(l -> l.split(",")).toList();
    }

    private static double[] values(String[] row) {
        return Arrays.stream(row, 1, row.length).filter(v -> !v.isEmpty()).mapToDouble(Double::parseDouble).toArray();
    }
}
