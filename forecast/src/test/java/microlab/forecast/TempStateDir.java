package microlab.forecast;

import io.micronaut.test.support.TestPropertyProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/** Gives each test class a state directory of its own, so no test sees another's boot count or models. */
public interface TempStateDir extends TestPropertyProvider {

    @Override
    default Map<String, String> getProperties() {
        try {
            return Map.of("forecast.state-dir", Files.createTempDirectory("forecast-state-test").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
