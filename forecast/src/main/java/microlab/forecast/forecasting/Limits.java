package microlab.forecast.forecasting;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import microlab.forecast.model.ForecastModel;
import microlab.forecast.model.InvalidSeriesException;
import microlab.forecast.model.Seasonality;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/** The request limits of the API, each refused with a sentence that states it. */
final class Limits {

    static final int MAX_HORIZON = 365;
    static final int MIN_LEVEL = 50;
    static final int MAX_LEVEL = 99;
    static final int MAX_FOLDS = 10;
    // auto, the slowest model on long series, took 7.5 s for 10,000 hourly values on 2 cores (README)
    static final int MAX_VALUES = 10_000;

    private Limits() {
    }

    static void horizon(int horizon) {
        if (horizon < 1 || horizon > MAX_HORIZON) {
            throw badRequest("The horizon must be between 1 and " + MAX_HORIZON + " steps; got " + horizon + ".");
        }
    }

    static void level(int level) {
        if (level < MIN_LEVEL || level > MAX_LEVEL) {
            throw badRequest("The interval level must be between " + MIN_LEVEL + " and " + MAX_LEVEL
                    + " (percent); got " + level + ".");
        }
    }

    static void folds(int folds) {
        if (folds < 1 || folds > MAX_FOLDS) {
            throw badRequest("The number of backtest folds must be between 1 and " + MAX_FOLDS + "; got " + folds + ".");
        }
    }

    static void period(int period, int length) {
        if (period < 1) {
            throw badRequest("The seasonal period must be at least 1 (1 means no season); got " + period + ".");
        }
        if (period > length / 2 && period > 1) {
            throw badRequest("A seasonal period of " + period + " needs at least two full seasons (" + 2L * period
                    + " values); the series has " + length + ".");
        }
    }

    /**
     * The seasonal periods of a request, ascending: {@code periods} when given (each at least 2, no
     * repeats, at most {@link Seasonality#MAX_PERIODS}), otherwise {@code period} alone (default 1).
     */
    static int[] periods(Double period, List<Double> periods, int length) {
        if (periods == null) {
            int single = whole("period", period, 1);
            period(single, length);
            return new int[] {single};
        }
        if (periods.isEmpty() || periods.size() > Seasonality.MAX_PERIODS) {
            throw badRequest("'periods' needs 1 to " + Seasonality.MAX_PERIODS + " seasonal periods; it has " + periods.size() + ".");
        }
        int[] out = new int[periods.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = whole("periods[" + i + "]", periods.get(i), 0);
            if (out[i] < 2) {
                throw badRequest("Each of 'periods' must be at least 2 (a cycle of two or more steps); periods[" + i + "] is " + out[i] + ".");
            }
            period(out[i], length);
        }
        Arrays.sort(out);
        for (int i = 1; i < out.length; i++) {
            if (out[i] == out[i - 1]) {
                throw badRequest("'periods' names " + out[i] + " twice.");
            }
        }
        if (period != null && whole("period", period, 1) != out[0]) {
            throw badRequest("Give 'period' or 'periods', not both (or 'period' equal to the shortest of 'periods').");
        }
        return out;
    }

    /** The model's own length rule ({@link ForecastModel#requireLength}), as a 400. */
    static void length(ForecastModel model, int length, int period, int horizon) {
        if (length < 2) {
            throw badRequest("A series needs at least 2 values; it has " + length + ".");
        }
        try {
            model.requireLength(length, period, horizon);
        } catch (InvalidSeriesException tooShort) {
            throw badRequest(tooShort.getMessage());
        }
    }

    /** A whole number as an int; the caller's own limit then says what range the parameter takes. */
    static int whole(String name, Double value, int otherwise) {
        if (value == null) {
            return otherwise;
        }
        if (!Double.isFinite(value)) {
            throw badRequest("'" + name + "' must be a finite whole number; got a number too large to hold.");
        }
        if (value != Math.rint(value)) {
            throw badRequest("'" + name + "' must be a whole number; got " + value + ".");
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw badRequest("'" + name + "' is out of range: no limit of this API reaches " + BigDecimal.valueOf(value)
                    .toPlainString() + ".");
        }
        return value.intValue();
    }

    static HttpStatusException badRequest(String sentence) {
        return new HttpStatusException(HttpStatus.BAD_REQUEST, sentence);
    }
}
