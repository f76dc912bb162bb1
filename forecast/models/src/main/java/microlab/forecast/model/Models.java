package microlab.forecast.model;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import microlab.forecast.model.lstm.LstmModel;

/**
 * The one registry of models: the API's list and the page read {@link #all()}, auto its candidates from
 * {@link #statistical()} (those whose {@link ForecastModel#inAuto()} says so). A new model is added here.
 */
public final class Models {

    private static final List<ForecastModel> STATISTICAL = List.of(new NaiveModel(), new SeasonalNaiveModel(),
            new DriftModel(), new SesModel(), new HoltModel(), new DampedModel(), new ThetaModel(), new EtsModel(),
            new MstlModel(), new ArimaModel(), new ProphetModel());

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
