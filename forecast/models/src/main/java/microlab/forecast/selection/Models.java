package microlab.forecast.selection;

import microlab.forecast.model.ArimaModel;
import microlab.forecast.model.DriftModel;
import microlab.forecast.model.EtsModel;
import microlab.forecast.model.ForecastModel;
import microlab.forecast.model.MstlModel;
import microlab.forecast.model.NaiveModel;
import microlab.forecast.model.ProphetModel;
import microlab.forecast.model.SeasonalNaiveModel;
import microlab.forecast.model.SesModel;
import microlab.forecast.model.ThetaModel;
import microlab.forecast.model.TrendModel;
import microlab.forecast.model.lstm.LstmModel;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one registry of models: the API's list and the page read {@link #all()}, auto its candidates from
 * {@link #statistical()} (those whose {@link ForecastModel#inAuto()} says so). A new model is added here.
 * It lives beside auto, which it lists and which reads it, so that the models themselves know neither.
 */
public final class Models {

    private static final List<ForecastModel> STATISTICAL = List.of(new NaiveModel(), new SeasonalNaiveModel(),
            new DriftModel(), new SesModel(), TrendModel.holt(), TrendModel.damped(), new ThetaModel(), new EtsModel(),
            new MstlModel(), MstlModel.withArima(), new ArimaModel(), new ProphetModel());

    private static final List<ForecastModel> ALL = Stream.concat(STATISTICAL.stream(), Stream.of(new LstmModel(), new AutoModel()))
            .toList();

    private Models() {
    }

    public static List<ForecastModel> all() {
        return ALL;
    }

    /** The models fitted by formulas and optimisation: all but the neural network and auto. */
    public static List<ForecastModel> statistical() {
        return STATISTICAL;
    }

    public static Optional<ForecastModel> find(String name) {
        return ALL.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
