package microlab.gateway.connection;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

import java.util.Map;

/** {@link FramingTest} with the direct path off: the filter path must refuse the same requests the same way. */
@MicronautTest
class FramingFilterPathTest extends FramingTest {

    @Override
    public Map<String, String> getProperties() {
        return propertiesWith(Map.of("gateway.direct-proxy.enabled", "false"));
    }
}
