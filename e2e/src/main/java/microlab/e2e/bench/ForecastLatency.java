package microlab.e2e.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import microlab.e2e.Http;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * bin/bench forecast: how long POST /forecast takes, per model, on a running system (bin/up, compose or kind),
 * for each series of a set of hourly series ({@code train.csv}: {@code id,v1,v2,...}, one series a row) posted
 * with period 24 and horizon 48. The models take turns series by series, so a slow stretch of a shared machine
 * falls on all of them; each pass posts another level, which the cache key holds, so nothing is served from
 * the cache (the levels are drawn at random for each run, so that an earlier run's answers are not either). Prints each pass's median and 90th percentile per model and, per pass, each model's median as a
 * ratio to the first model's. The first pass also warms the JIT.
 */
public final class ForecastLatency {

    private ForecastLatency() {
    }

    public static void main(String[] args) throws IOException {
        String base = "http://localhost:8080";
        int passes = 3;
        List<String> models = List.of("naive", "mstl", "auto");
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--base" -> base = args[++i];
                case "--passes" -> passes = Integer.parseInt(args[++i]);
                case "--models" -> models = List.of(args[++i].split(","));
                default -> dir = Path.of(args[i]);
            }
        }
        if (dir == null || !Files.isRegularFile(dir.resolve("train.csv"))) {
            System.err.println("Usage: bin/bench forecast [--base URL] [--passes N] [--models a,b,...] DIR (DIR/train.csv: id,v1,v2,...)");
            System.exit(2);
        }
        List<double[]> series = read(dir.resolve("train.csv"));
        // levels the cache has most likely not seen: a run's first level drawn from 51..(98 - passes)
        int firstLevel = 51 + new java.util.Random().nextInt(Math.max(1, 48 - passes));
        Http http = new Http(base, Duration.ofSeconds(30));
        System.out.printf(Locale.ROOT, "POST %s/forecast, %d series from %s (period 24, horizon 48), models %s in turns, %d passes"
                + " at levels %d..%d%n", base, series.size(), dir, models, passes, firstLevel, firstLevel + passes - 1);
        for (int pass = 1; pass <= passes; pass++) {
            Map<String, double[]> millis = new LinkedHashMap<>();
            models.forEach(m -> millis.put(m, new double[series.size()]));
            for (int s = 0; s < series.size(); s++) {
                for (String model : models) {
                    millis.get(model)[s] = post(http, series.get(s), model, firstLevel + pass - 1);
                }
            }
            double reference = median(millis.get(models.get(0)));
            for (Map.Entry<String, double[]> e : millis.entrySet()) {
                double median = median(e.getValue());
                System.out.printf(Locale.ROOT, "pass %d  %-10s median %7.1f ms  p90 %7.1f ms  median / %s's %5.2f%n", pass, e.getKey(),
                        median, percentile(e.getValue(), 0.9), models.get(0), median / reference);
            }
        }
    }

    private static double post(Http http, double[] values, String model, int level) {
        ObjectNode body = Http.JSON.createObjectNode().put("period", 24).put("horizon", 48).put("model", model).put("level", level);
        Arrays.stream(values).forEach(body.putArray("values")::add);
        String json = body.toString();
        long start = System.nanoTime();
        HttpResponse<String> response = http.send("POST", "/forecast", json);
        double ms = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST /forecast with model " + model + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return ms;
    }

    private static List<double[]> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<double[]> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                String[] cells = line.split(",");
                out.add(Arrays.stream(cells, 1, cells.length).filter(v -> !v.isEmpty()).mapToDouble(Double::parseDouble).toArray());
            }
        }
        return out;
    }

    private static double median(double[] values) {
        return percentile(values, 0.5);
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }
}
