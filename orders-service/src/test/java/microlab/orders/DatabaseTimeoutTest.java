package microlab.orders;

import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The driver honours the read timeout of application.yml's data-source-properties even where the URL is
 * replaced: shown here once for the services with a database; the k8s module's DatabaseTimeoutTest holds each
 * one's configuration to the same setting.
 */
@MicronautTest(transactional = false)
class DatabaseTimeoutTest {

    @Inject
    DataSource dataSource;

    @Inject
    DataSourceResolver resolver;

    @Test
    void theDriverGivesUpOnASilentDatabaseAfterThirtySecondsEvenWithTheUrlReplaced() throws SQLException {
        // application-test.yml replaces the url, as DATASOURCES_DEFAULT_URL does in a container
        try (Connection connection = resolver.resolve(dataSource).getConnection()) {
            assertEquals("jdbc:postgresql://localhost:5432/orders_test", connection.getMetaData().getURL());
            assertEquals(30_000, connection.getNetworkTimeout(), "socket read timeout in ms");
        }
    }
}
