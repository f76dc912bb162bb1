package microlab.forecast.model;

import java.util.List;
import java.util.Optional;

/** Every model the service offers, in the order the API lists them. */
public final class Models {

    private static final List<ForecastModel> STATISTICAL = List.of(
            new NaiveModel(), new DriftModel(), new SesModel(), new HoltModel(), new DampedModel());

    private static final List<ForecastModel> ALL = List.copyOf(STATISTICAL);

    private Models() {
    }

    public static List<ForecastModel> all() {
        return ALL;
    }

    /** The models fitted by formulas and optimisation (no neural network, not auto). */
    public static List<ForecastModel> statistical() {
        return STATISTICAL;
    }

    public static Optional<ForecastModel> find(String name) {
        return ALL.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
