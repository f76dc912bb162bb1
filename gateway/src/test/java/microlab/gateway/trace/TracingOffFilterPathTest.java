package microlab.gateway.trace;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

import java.util.Map;

/** Every test of {@link TracingOffTest} again with the direct path off. */
@MicronautTest
class TracingOffFilterPathTest extends TracingOffTest {

    @Override
    public Map<String, String> getProperties() {
        return propertiesWith(Map.of("micronaut.otel.enabled", "false", "gateway.direct-proxy.enabled", "false"));
    }
}
