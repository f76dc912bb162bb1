package microlab.forecast.price;

import io.micronaut.serde.annotation.Serdeable;

import java.time.LocalDate;

/** The closing price of one day. */
@Serdeable
public record DailyClose(LocalDate date, double close) {
}
