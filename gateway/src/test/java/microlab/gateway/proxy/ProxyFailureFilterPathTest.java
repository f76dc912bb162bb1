package microlab.gateway.proxy;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

import java.util.Map;

/** Every test of {@link ProxyFailureTest} again with the direct path off: the filter path must answer the same. */
@MicronautTest
class ProxyFailureFilterPathTest extends ProxyFailureTest {

    @Override
    public Map<String, String> getProperties() {
        return propertiesWith(Map.of("gateway.direct-proxy.enabled", "false"));
    }
}
