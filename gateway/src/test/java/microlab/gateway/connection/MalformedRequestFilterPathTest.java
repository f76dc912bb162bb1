package microlab.gateway.connection;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

import java.util.Map;

/** Every test of {@link MalformedRequestTest} again with the direct path off. */
@MicronautTest
class MalformedRequestFilterPathTest extends MalformedRequestTest {

    @Override
    public Map<String, String> getProperties() {
        return propertiesWith(Map.of("gateway.direct-proxy.enabled", "false"));
    }
}
