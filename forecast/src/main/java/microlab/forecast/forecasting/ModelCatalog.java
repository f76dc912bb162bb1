package microlab.forecast.forecasting;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import jakarta.inject.Singleton;
import microlab.forecast.model.ForecastModel;
import microlab.forecast.selection.Models;

import java.util.List;
import java.util.stream.Collectors;

/** The models the API offers, looked up by their API names. */
@Singleton
public class ModelCatalog {

    private final List<ForecastModel> models = Models.all();

    public List<ForecastModel> all() {
        return models;
    }

    public ForecastModel require(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> Limits.badRequest("Unknown model '" + name + "'; the models are " + names() + "."));
    }

    /** A model a request asked for: known, and able to run on this machine (else a 422 that says why). */
    public ForecastModel usable(String name) {
        ForecastModel model = require(name);
        model.unavailable().ifPresent(reason -> {
            throw new HttpStatusException(HttpStatus.UNPROCESSABLE_ENTITY, reason);
        });
        return model;
    }

    /** The models a backtest compares: all but the slow ones ({@link ForecastModel#slowInBacktest()}) by default, or exactly those named. */
    public List<ForecastModel> forBacktest(String requested) {
        if (requested == null || requested.isBlank()) {
            return models.stream().filter(m -> !m.slowInBacktest()).toList();
        }
        if (requested.equals("all")) {
            return models.stream().filter(m -> !m.name().equals("auto") && m.unavailable().isEmpty()).toList();
        }
        List<String> names = List.of(requested.split(",", -1)).stream().map(String::trim).toList();
        if (names.stream().allMatch(String::isEmpty)) {
            throw Limits.badRequest("'models' names no model; name one or more of " + names() + ", or 'all'.");
        }
        if (names.contains("")) {
            throw Limits.badRequest("'models' has an empty name between its commas: '" + requested + "'.");
        }
        return names.stream().distinct().map(this::usable).toList();
    }

    public String names() {
        return models.stream().map(ForecastModel::name).collect(Collectors.joining(", "));
    }
}
