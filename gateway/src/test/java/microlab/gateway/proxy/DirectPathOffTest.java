package microlab.gateway.proxy;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import microlab.gateway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** With the direct path off (the parameter the *FilterPathTest classes set) it takes nothing: they test the filter path. */
@MicronautTest
class DirectPathOffTest extends GatewayFixture {

    @Inject
    DirectProxy proxy;

    @Override
    public Map<String, String> getProperties() {
        return propertiesWith(Map.of("gateway.direct-proxy.enabled", "false"));
    }

    @Test
    void aPlainRoutedRequestGoesToMicronaut() {
        assertEquals(200, get("/users/7").statusCode());

        assertEquals(0, proxy.taken());
    }
}
