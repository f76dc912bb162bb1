package microlab.gateway.trace;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

import java.util.Map;

/** Every test of {@link TracingUnrecordedTest} again with the direct path off. */
@MicronautTest
class TracingUnrecordedFilterPathTest extends TracingUnrecordedTest {

    @Override
    public Map<String, String> getProperties() {
        return propertiesWith(Map.of("gateway.direct-proxy.enabled", "false"));
    }
}
