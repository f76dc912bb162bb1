package microlab.gateway.trace;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

import java.util.Map;

/** Every test of {@link TracingTest} again with the direct path off: the filter path must trace the same. */
@MicronautTest
class TracingFilterPathTest extends TracingTest {

    @Override
    public Map<String, String> getProperties() {
        return propertiesWith(Map.of("test.spans", "memory", "gateway.direct-proxy.enabled", "false"));
    }
}
