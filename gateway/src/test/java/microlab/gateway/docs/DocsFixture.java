package microlab.gateway.docs;

import microlab.gateway.testing.Backend;
import microlab.gateway.testing.GatewayFixture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The gateway fixture whose users backend serves an API document: consumer's answers whatever it is asked
 * (its echo), orders is down and forecast's document never comes.
 */
abstract class DocsFixture extends GatewayFixture {

    static final byte[] USERS_DOCUMENT = resource("/docs/users-service.yml");

    DocsFixture() {
        users.on("/openapi/users-service.yml", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/yaml");
            exchange.sendResponseHeaders(200, USERS_DOCUMENT.length);
            exchange.getResponseBody().write(USERS_DOCUMENT);
        });
        forecast.on("/openapi/forecast.yml", Backend.slow(SLOW_BACKEND_MILLIS));
    }

    private static byte[] resource(String name) {
        try (InputStream in = DocsFixture.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
