package microlab.forecast.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Input checks and scale conversions every model shares. */
final class Series {

    static final int MAX_HORIZON = 365;

    private Series() {
    }

    static void check(ForecastModel model, double[] y, int period) {
        if (y == null) {
            throw new InvalidSeriesException("There is no series to fit.");
        }
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                throw new InvalidSeriesException("Value " + (i + 1) + " of the series is not a finite number.");
            }
        }
        model.requireLength(y.length, period, 0);
    }

    static void checkRequest(int horizon, double level) {
        if (horizon < 1 || horizon > MAX_HORIZON) {
            throw new InvalidSeriesException("The horizon must be between 1 and " + MAX_HORIZON + " steps; it is " + horizon + ".");
        }
        if (!(level >= 50 && level <= 99)) {
            throw new InvalidSeriesException("The interval level must be between 50 and 99 percent; it is " + level + ".");
        }
    }

    static double[] log(double[] y) {
        double[] x = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            x[i] = Math.log(y[i]);
        }
        return x;
    }

    static Forecast toForecast(String model, Band band, boolean log, Map<String, Object> parameters) {
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
    static Map<String, Object> finite(Map<String, Object> parameters) {
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

    /** The least-squares line through x[0..len) against t = 0..len-1: its slope, the mean of x and of t. */
    record Line(double slope, double mean, double meanT) {
    }

    static Line line(double[] x, int len) {
        double meanT = (len - 1) / 2.0;
        double mean = 0;
        for (int t = 0; t < len; t++) {
            mean += x[t];
        }
        mean /= len;
        double sxy = 0;
        double sxx = 0;
        for (int t = 0; t < len; t++) {
            sxy += (t - meanT) * (x[t] - mean);
            sxx += (t - meanT) * (t - meanT);
        }
        return new Line(sxx == 0 ? 0 : sxy / sxx, mean, meanT);
    }
}
