package microlab.forecast.forecasting;

import io.micronaut.serde.annotation.Serdeable;

/** An entry of GET /forecast/models. */
@Serdeable
public record ModelInfo(String name, String description, boolean seasonal) {
}
