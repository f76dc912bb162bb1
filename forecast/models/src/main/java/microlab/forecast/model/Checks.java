package microlab.forecast.model;

/**
 * The input checks every model shares, each refusing with a sentence that states the limit: a fit's
 * request ({@link FitRequest}, which checks itself) long enough for the model, a seasonal period, and a
 * forecast's horizon and level.
 */
public final class Checks {

    public static final int MAX_HORIZON = 365;

    private Checks() {
    }

    /** The model's length rule ({@link ForecastModel#requireLength}) for the request's main period and horizon. */
    public static void length(ForecastModel model, FitRequest request) {
        model.requireLength(request.y().length, request.period(), request.horizon());
    }

    /** A seasonal period is at least 1, which means no season. */
    public static void period(int period) {
        if (period < 1) {
            throw new InvalidSeriesException("The seasonal period must be at least 1 (1 means no season); it is " + period + ".");
        }
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
