package microlab.forecast.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The files {@link AutoEvaluation} shares with a peer library run outside the JVM (forecast/bench/peer:
 * statsforecast): the windows to forecast, written here, and the peer's forecasts of them, read back, so
 * that both are scored by the same code on the same values.
 */
final class Peer {

    /** A peer's forecast of one window: the mean and the bounds of its 80% and 95% intervals. */
    record Forecast(double[] mean, double[] lo80, double[] hi80, double[] lo95, double[] hi95) {
    }

    /** What a peer file holds: forecasts by method then window, and each method's wall milliseconds a window. */
    record Forecasts(Map<String, Map<String, Forecast>> byMethod, Map<String, Double> millisPerWindow) {
    }

    private Peer() {
    }

    /** Writes {@code window,group,period,horizon,values...}, a row per case, its training values only. */
    static void writeWindows(Path file, List<Case> cases) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            out.println("window,group,period,horizon,values");
            for (Case c : cases) {
                StringBuilder row = new StringBuilder(c.kind()).append(',').append(c.group()).append(',').append(c.period())
                        .append(',').append(c.actual().length);
                for (double v : c.train()) {
                    row.append(',').append(v);
                }
                out.println(row);
            }
        }
    }

    /**
     * Reads {@code window,method,kind,v1..vH} with kind one of mean, lo80, hi80, lo95, hi95, and beside it, if
     * there, {@code <name>-times.csv} ({@code method,windows,seconds}).
     */
    static Forecasts read(Path file) throws IOException {
        Map<String, Map<String, Map<String, double[]>>> rows = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",");
            double[] values = Arrays.stream(cells, 3, cells.length).filter(v -> !v.isEmpty()).mapToDouble(Double::parseDouble).toArray();
            rows.computeIfAbsent(cells[1], m -> new LinkedHashMap<>()).computeIfAbsent(cells[0], w -> new LinkedHashMap<>())
                    .put(cells[2], values);
        }
        Map<String, Map<String, Forecast>> byMethod = new LinkedHashMap<>();
        rows.forEach((method, windows) -> windows.forEach((window, kinds) -> {
            if (!kinds.keySet().containsAll(List.of("mean", "lo80", "hi80", "lo95", "hi95"))) {
                throw new IllegalArgumentException(file + ": " + method + " on " + window + " lacks one of mean, lo80, hi80, lo95, hi95");
            }
            byMethod.computeIfAbsent(method, m -> new LinkedHashMap<>()).put(window,
                    new Forecast(kinds.get("mean"), kinds.get("lo80"), kinds.get("hi80"), kinds.get("lo95"), kinds.get("hi95")));
        }));
        Map<String, Double> millis = new LinkedHashMap<>();
        Path times = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.csv$", "") + "-times.csv");
        if (Files.exists(times)) {
            List<String> timeLines = Files.readAllLines(times);
            for (String line : timeLines.subList(1, timeLines.size())) {
                String[] cells = line.split(",");
                if (cells.length == 3) {
                    millis.put(cells[0], 1000 * Double.parseDouble(cells[2]) / Double.parseDouble(cells[1]));
                }
            }
        }
        System.out.printf(Locale.ROOT, "peer forecasts from %s: %s%n", file, byMethod.keySet());
        return new Forecasts(byMethod, millis);
    }
}
