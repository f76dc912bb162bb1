package microlab.forecast.model;

import java.util.List;
import java.util.Optional;
import microlab.forecast.model.lstm.LstmModel;

/** Every model the service offers, in the order the API lists them. */
public final class Models {

    private static final List<ForecastModel> STATISTICAL = List.of(new NaiveModel(), new SeasonalNaiveModel(),
            new DriftModel(), new SesModel(), new HoltModel(), new DampedModel(), new ThetaModel(), new EtsModel(),
            new MstlModel(), new ProphetModel());

    private static final List<ForecastModel> ALL = List.of(STATISTICAL.get(0), STATISTICAL.get(1), STATISTICAL.get(2),
            STATISTICAL.get(3), STATISTICAL.get(4), STATISTICAL.get(5), STATISTICAL.get(6), STATISTICAL.get(7),
            STATISTICAL.get(8), STATISTICAL.get(9), new LstmModel(), new AutoModel());

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
