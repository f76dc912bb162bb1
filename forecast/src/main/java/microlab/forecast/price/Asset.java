package microlab.forecast.price;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.time.LocalDate;

/** A stored series: its data version changes whenever its prices do. */
@Serdeable
public record Asset(String symbol, String dataVersion, int revision, String source, Instant updatedAt,
                    int days, LocalDate firstDay, LocalDate lastDay) {
}
