package microlab.forecast.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** The model library is plain Java: nothing of a web framework, HTTP or a database is on its class path. */
class PlainLibraryTest {

    @Test
    void noWebFrameworkHttpOrDatabaseIsOnTheClassPath() {
        for (String type : List.of("io.micronaut.context.ApplicationContext", "io.micronaut.http.HttpRequest",
                "io.netty.channel.Channel", "org.postgresql.Driver", "io.lettuce.core.RedisClient", "com.zaxxer.hikari.HikariDataSource")) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(type), type);
        }
    }
}
