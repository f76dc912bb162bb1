package microlab.gateway.connection;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * How long the gateway waits for a client: {@code header} from the moment a connection is ready for a
 * request (opened, or its last response sent) to the end of the request's head; {@code body-idle}
 * between two pieces of a request body. A client past either gets a 408 and the connection closes; an
 * idle keep-alive connection that sent nothing is closed without a word.
 */
@ConfigurationProperties("gateway.client-timeouts")
public record ClientTimeouts(Duration header, Duration bodyIdle) {
}
