package microlab.forecast.model;

import microlab.forecast.numerics.TrendSmoothing;

/** Holt's linear trend (ETS(A,A,N)), on the seasonally adjusted series when the series is seasonal. */
public final class HoltModel extends StatisticalModel {

    public HoltModel() {
        super("holt", "Holt's linear trend: smoothed level and slope, extended as a straight line.",
                Season.ADJUSTED);
    }

    @Override
    public boolean extrapolatesTrend() {
        return true;
    }

    @Override
    public int minLength(int period, int horizon) {
        return 4;
    }

    @Override
    protected Core fitCore(double[] x, int period, boolean logScale) {
        return new SesModel.Smoothed(TrendSmoothing.trend(x, false));
    }

    @Override
    protected Core readCore(ModelState.In in) {
        return SesModel.Smoothed.read(in);
    }
}
