package microlab.forecast;

import io.micronaut.test.support.TestPropertyProvider;

import java.util.Map;

/** Gives each test class a state directory of its own, so no test sees another's boot count or models. */
public interface TempStateDir extends TestPropertyProvider {

    @Override
    default Map<String, String> getProperties() {
        return Map.of("forecast.state-dir", TempFolders.create("forecast-state-test").toString());
    }
}
