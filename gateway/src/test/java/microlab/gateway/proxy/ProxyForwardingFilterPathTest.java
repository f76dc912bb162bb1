package microlab.gateway.proxy;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

import java.util.HashMap;
import java.util.Map;

/** Every test of {@link ProxyForwardingTest} again with the direct path off: the filter path must answer the same. */
@MicronautTest
class ProxyForwardingFilterPathTest extends ProxyForwardingTest {

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put("gateway.direct-proxy.enabled", "false");
        return properties;
    }
}
