package microlab.forecast.model.lstm;

import microlab.forecast.model.Checks;
import microlab.forecast.model.FitRequest;
import microlab.forecast.model.FittedModel;
import microlab.forecast.model.ForecastModel;

/**
 * A small LSTM (DJL on the PyTorch CPU engine, offline) trained on the series itself: it reads the
 * last {@code lookback} one-step changes and predicts the next one, on log(y) when every value is
 * positive and with the season taken out when the series has one at the given period. Training takes
 * seconds, not milliseconds, and runs one at a time.
 */
public final class LstmModel implements ForecastModel {

    static final String NAME = "lstm";

    private final LstmSettings settings;

    public LstmModel() {
        this(LstmSettings.defaults());
    }

    public LstmModel(LstmSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean slowInBacktest() {
        return true;
    }

    @Override
    public String description() {
        return "A one-layer LSTM network trained on the series' own recent history, forecasting step by step, "
                + "with intervals simulated from its errors on held-out data.";
    }

    @Override
    public boolean seasonal() {
        return false;
    }

    /** The bundled PyTorch is for linux-x86_64 only: elsewhere (an arm64 laptop's containers) lstm says so. */
    @Override
    public java.util.Optional<String> unavailable() {
        return PyTorchRuntime.missingNativeLibrary();
    }

    @Override
    public int minLength(int period, int horizon) {
        return LstmTrainer.MIN_POINTS;
    }

    @Override
    public FittedModel fit(FitRequest request) {
        Checks.length(this, request);
        return new FittedLstm(new LstmTrainer(settings).train(request.y(), request.period()), settings);
    }

    @Override
    public FittedModel restore(byte[] state) {
        return new FittedLstm(LstmState.fromBytes(state), settings);
    }
}
