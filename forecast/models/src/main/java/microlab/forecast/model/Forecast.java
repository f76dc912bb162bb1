package microlab.forecast.model;

import microlab.forecast.numerics.Band;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Point forecasts and interval bounds, one entry per step ahead. {@code model} is the model that
 * produced them (for auto: the one it chose), {@code logScale} says whether it was fitted to log(y),
 * {@code parameters} holds the fitted parameters worth showing (alpha, beta, phi, chosen ETS form...).
 */
public record Forecast(String model, double[] mean, double[] lower, double[] upper, boolean logScale,
                       Map<String, Object> parameters) {

    public static Forecast of(String model, Band band, boolean log, Map<String, Object> parameters) {
        int h = band.mean().length;
        double[] mean = new double[h];
        double[] lower = new double[h];
        double[] upper = new double[h];
        for (int i = 0; i < h; i++) {
            double m = band.mean()[i];
            double lo = Math.min(band.lower()[i], m);
            double hi = Math.max(band.upper()[i], m);
            // On the log scale exp(mean) is the median forecast; the bounds are exact quantiles either way.
            mean[i] = log ? Math.exp(m) : m;
            lower[i] = log ? Math.exp(lo) : lo;
            upper[i] = log ? Math.exp(hi) : hi;
        }
        return new Forecast(model, mean, lower, upper, log, finite(parameters));
    }

    /** Drops parameters that are NaN or infinite: JSON has no way to write them. */
    public static Map<String, Object> finite(Map<String, Object> parameters) {
        Map<String, Object> out = new LinkedHashMap<>();
        parameters.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map) {
                Map<Object, Object> inner = new LinkedHashMap<>();
                map.forEach((k, v) -> {
                    if (!(v instanceof Double d) || Double.isFinite(d)) {
                        inner.put(k, v);
                    }
                });
                out.put(key, Collections.unmodifiableMap(inner));
            } else if (!(value instanceof Double d) || Double.isFinite(d)) {
                out.put(key, value);
            }
        });
        return Collections.unmodifiableMap(out);
    }
}
