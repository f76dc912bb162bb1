package microlab.e2e.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayBenchTest {

    @Test
    void fillsInEveryNameOfNginxsConfiguration() throws IOException {
        String conf = GatewayBench.nginxConf(Files.readString(Path.of("..", GatewayBench.NGINX_CONF)), Path.of("/bench/gateway"));
        // the comment at the top names the placeholders; the configuration below it has none left
        String body = conf.lines().filter(line -> !line.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
        assertFalse(body.contains("@"), body);
        assertTrue(body.contains("pid /bench/gateway/nginx/nginx.pid;"), body);
        assertTrue(body.contains("listen 127.0.0.1:" + GatewayBench.NGINX_PORT), body);
        assertTrue(body.contains("listen 127.0.0.1:" + GatewayBench.STATIC_PORT), body);
        assertTrue(body.contains("127.0.0.1:" + GatewayBench.USERS_PORT), body);
    }

    @Test
    void refusesARunWithoutTheServersItStarts() {
        assertThrows(IllegalArgumentException.class, () -> new GatewayBench().parse(new String[] {"--dir", "x", "--java", "java"}));
        assertThrows(IllegalArgumentException.class, () -> new GatewayBench().parse(new String[] {"--port", "1"}));
    }
}
