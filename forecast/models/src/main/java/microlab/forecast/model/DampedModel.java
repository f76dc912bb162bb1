package microlab.forecast.model;

import microlab.forecast.numerics.TrendSmoothing;

/** The damped trend (ETS(A,Ad,N)), on the seasonally adjusted series when the series is seasonal. */
public final class DampedModel extends StatisticalModel {

    public DampedModel() {
        super("damped", "Damped trend: like Holt, but the slope fades by a factor phi each step, so long forecasts level off.",
                Season.ADJUSTED);
    }

    @Override
    public boolean extrapolatesTrend() {
        return true;
    }

    @Override
    public int minLength(int period, int horizon) {
        return 5;
    }

    @Override
    protected Core fitCore(double[] x, int period, boolean logScale) {
        return new SesModel.Smoothed(TrendSmoothing.trend(x, true));
    }

    @Override
    protected Core readCore(ModelState.In in) {
        return SesModel.Smoothed.read(in);
    }
}
