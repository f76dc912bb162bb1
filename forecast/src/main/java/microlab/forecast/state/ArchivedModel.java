package microlab.forecast.state;

import java.time.Instant;

/** A fitted model as kept on the state directory, with what it was fitted to and when. */
public record ArchivedModel(String symbol, String model, String dataVersion, Instant trainedAt, long fitMillis,
                            byte[] state) {
}
