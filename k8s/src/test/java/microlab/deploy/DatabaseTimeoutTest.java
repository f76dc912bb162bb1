package microlab.deploy;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every service with a database gives up on a silent one (a dead server, a dropped network) after its read
 * timeout, in every setup. That the driver honours the setting with the URL replaced is shown once, at run time,
 * by orders-service's DatabaseTimeoutTest; this holds every service's configuration to the same setting.
 */
class DatabaseTimeoutTest {

    @Test
    void everyServiceWithADatabaseHandsTheDriverAReadTimeoutApartFromItsUrl() {
        Map<String, Map<String, Object>> yamls = Applications.applicationYmls();

        assertEquals(Map.of(), Applications.databaseTimeoutProblems(yamls));
        assertEquals(3, yamls.values().stream().filter(yaml -> yaml.get("datasources") != null).count(),
                "users-service, orders-service and forecast have a database");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTimeoutThatIsNotAStringOrSitsInTheUrlIsReported() {
        Map<String, Map<String, Object>> yamls = new LinkedHashMap<>(Applications.applicationYmls());
        Map<String, Object> users = (Map<String, Object>) ((Map<String, Object>) yamls.get("users-service").get("datasources")).get("default");
        ((Map<String, Object>) users.get("data-source-properties")).put("socketTimeout", 30);
        Map<String, Object> forecast = (Map<String, Object>) ((Map<String, Object>) yamls.get("forecast").get("datasources")).get("default");
        forecast.put("url", forecast.get("url") + "?socketTimeout=30");

        Map<String, String> problems = Applications.databaseTimeoutProblems(yamls);
        assertEquals("datasources.default.data-source-properties.socketTimeout must be a quoted number of seconds, is 30",
                problems.get("users-service"));
        assertEquals("socketTimeout is in the URL, which DATASOURCES_DEFAULT_URL replaces", problems.get("forecast"));
    }
}
