package microlab.forecast.selection;

import microlab.forecast.evaluation.Calibration;
import microlab.forecast.model.FittedModel;
import microlab.forecast.model.Forecast;
import microlab.forecast.model.ForecastModel;
import microlab.forecast.model.ModelState;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static microlab.forecast.selection.AutoModel.COMB_MARGIN;
import static microlab.forecast.selection.AutoModel.FALLBACK;
import static microlab.forecast.selection.AutoModel.PAIR_POOL;

/**
 * Auto's fitted model: the chosen model or pair refitted on the whole series, the backtest's scores, the
 * interval calibration; and its saved form (format {@value #FORMAT}), restored with the chosen members.
 */
record AutoFit(String chosen, int[] periods, int backtestHorizon, int folds, Map<String, Double> mase,
        Map<String, Double> score, Calibration calibration, FittedModel model) implements FittedModel {

    static final int FORMAT = 4;

    @Override
    public Forecast forecast(int horizon, double level) {
        Forecast f = calibration.apply(model.forecast(horizon, level), level);
        Map<String, Object> parameters = new LinkedHashMap<>(f.parameters());
        parameters.put("selectedBy", folds >= 1
                ? "auto: lowest mean of sMAPE and MASE relative to naive over " + folds + " backtest folds of horizon "
                + backtestHorizon + " (on a seasonal series the mean of the pair of the " + PAIR_POOL
                + " best that scored best; otherwise comb unless a single model is " + Math.round(100 * COMB_MARGIN) + "% better)"
                : "auto: series too short for a backtest, " + FALLBACK + " by default");
        parameters.put("seasonalPeriods", Arrays.stream(periods).boxed().toList());
        parameters.put("backtestMase", mase);
        parameters.put("backtestScore", score);
        if (calibration.active()) {
            parameters.put("intervalScale", calibration.scale(level));
        }
        return new Forecast(chosen, f.mean(), f.lower(), f.upper(), f.logScale(), Forecast.finite(parameters));
    }

    @Override
    public byte[] save() {
        ModelState.Out out = new ModelState.Out("auto").writeInt(FORMAT).writeString(chosen)
                .writeInts(periods).writeInt(backtestHorizon)
                .writeInt(folds);
        writeScores(out, mase);
        writeScores(out, score);
        calibration.write(out);
        return out.writeBytes(model.save()).toBytes();
    }

    static FittedModel restore(byte[] state, Function<String, List<ForecastModel>> members) {
        ModelState.In in = new ModelState.In(state, "auto");
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IllegalArgumentException("The saved auto model has format " + format + ", this build reads format " + FORMAT + ".");
        }
        String chosen = in.readString();
        int[] periods = in.readInts();
        int horizon = in.readInt();
        int folds = in.readInt();
        Map<String, Double> mase = readScores(in);
        Map<String, Double> score = readScores(in);
        Calibration calibration = Calibration.read(in);
        List<ForecastModel> models = members.apply(chosen);
        byte[] model = in.readBytes();
        return new AutoFit(chosen, periods, horizon, folds, mase, score, calibration,
                models.size() == 1 ? models.get(0).restore(model) : CombModel.restore(model, models));
    }

    private static Map<String, Double> readScores(ModelState.In in) {
        int count = in.readInt();
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            scores.put(in.readString(), in.readDouble());
        }
        return scores;
    }

    private static void writeScores(ModelState.Out out, Map<String, Double> scores) {
        out.writeInt(scores.size());
        scores.forEach((name, value) -> out.writeString(name).writeDouble(value));
    }
}
