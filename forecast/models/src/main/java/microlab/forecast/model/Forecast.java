package microlab.forecast.model;

import java.util.Map;

/**
 * Point forecasts and interval bounds, one entry per step ahead. {@code model} is the model that
 * produced them (for auto: the one it chose), {@code logScale} says whether it was fitted to log(y),
 * {@code parameters} holds the fitted parameters worth showing (alpha, beta, phi, chosen ETS form...).
 */
public record Forecast(String model, double[] mean, double[] lower, double[] upper, boolean logScale,
                       Map<String, Object> parameters) {
}
