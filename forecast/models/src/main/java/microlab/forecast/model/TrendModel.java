package microlab.forecast.model;

import microlab.forecast.numerics.TrendSmoothing;

/**
 * Exponential smoothing of a level and a slope, on the seasonally adjusted series when the series is seasonal: Holt's
 * linear trend (ETS(A,A,N), {@link #holt()}), or with the slope fading each step (ETS(A,Ad,N), {@link #damped()}).
 */
public final class TrendModel extends StatisticalModel {

    private final boolean damped;

    private TrendModel(String name, String description, boolean damped) {
        super(name, description, Season.ADJUSTED);
        this.damped = damped;
    }

    /** Holt's linear trend: the fitted slope extended as a straight line. */
    public static TrendModel holt() {
        return new TrendModel("holt", "Holt's linear trend: smoothed level and slope, extended as a straight line.", false);
    }

    /** The damped trend: like Holt, but the slope fades by a factor phi each step. */
    public static TrendModel damped() {
        return new TrendModel("damped", "Damped trend: like Holt, but the slope fades by a factor phi each step, so long forecasts level off.", true);
    }

    @Override
    public boolean extrapolatesTrend() {
        return true;
    }

    @Override
    public int minLength(int period, int horizon) {
        return damped ? 5 : 4;
    }

    @Override
    protected Core fitCore(double[] x, int period, boolean logScale) {
        return new SesModel.Smoothed(TrendSmoothing.trend(x, damped));
    }

    @Override
    protected Core readCore(ModelState.In in) {
        return SesModel.Smoothed.read(in);
    }
}
