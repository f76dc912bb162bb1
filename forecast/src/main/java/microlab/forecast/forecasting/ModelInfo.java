package microlab.forecast.forecasting;

import io.micronaut.serde.annotation.Serdeable;

/**
 * An entry of GET /forecast/models. {@code available} is false, with the reason in {@code unavailable},
 * for a model this machine cannot run (lstm where the bundled PyTorch does not fit the CPU).
 */
@Serdeable
public record ModelInfo(String name, String description, boolean seasonal, boolean available, String unavailable) {
}
