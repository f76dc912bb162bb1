package microlab.forecast.model;

/** The input checks every model shares: a series of finite numbers long enough for the model, a horizon and a level in range. */
public final class Checks {

    public static final int MAX_HORIZON = 365;

    private Checks() {
    }

    public static void series(ForecastModel model, double[] y, int period) {
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

    public static void request(int horizon, double level) {
        if (horizon < 1 || horizon > MAX_HORIZON) {
            throw new InvalidSeriesException("The horizon must be between 1 and " + MAX_HORIZON + " steps; it is " + horizon + ".");
        }
        if (!(level >= 50 && level <= 99)) {
            throw new InvalidSeriesException("The interval level must be between 50 and 99 percent; it is " + level + ".");
        }
    }
}
