package microlab.e2e.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartupTest {

    private static Startup parse(String... args) {
        Startup bench = new Startup().parse(args);
        bench.runDir = Path.of("/r");
        bench.version = "0.1.0";
        return bench;
    }

    @Test
    void readsTheCommandLine() {
        Startup bench = parse("--no-containers", "users-service", "gateway");
        assertTrue(bench.jvm);
        assertTrue(bench.build);
        assertFalse(bench.containers);
        assertEquals(List.of("users-service", "gateway"), bench.services);
        assertEquals(28080, bench.benchPort("gateway"));
        assertEquals(Path.of("/r/bench/jars/gateway-0.1.0.jar"), bench.jar("gateway"));
        assertEquals(List.of("users-service", "orders-service", "consumer-service", "forecast", "gateway"), parse().services);
        Startup containersOnly = parse("--containers");
        assertFalse(containersOnly.jvm);
        assertFalse(containersOnly.build);
        assertTrue(parse("--help").help);
    }

    @Test
    void refusesWhatItDoesNotKnow() {
        assertThrows(IllegalArgumentException.class, () -> parse("billing"));
        assertThrows(IllegalArgumentException.class, () -> parse("--fast", "gateway"));
    }

    @Test
    void startsTheJarWithBinUpsFlagsAndTheCacheGiven() {
        Startup bench = parse("users-service", "forecast");
        bench.java = "/jdk/bin/java";
        assertEquals(List.of("/jdk/bin/java", "-Xms16m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:AOTCache=/r/bench/users-service.aot", "-jar", "/r/bench/jars/users-service-0.1.0.jar"),
                bench.command("users-service", List.of("-XX:AOTCache=" + bench.aotCache("users-service"))));
        assertEquals(List.of("/jdk/bin/java", "-Xmx768m", "-XX:+UseSerialGC", "-Doffline=true", "-jar", "/r/bench/jars/forecast-0.1.0.jar"),
                bench.command("forecast", List.of()));
        assertEquals(Map.of("MICRONAUT_SERVER_PORT", "28082", "MICRONAUT_HTTP_SERVICES_USERS_URL", "http://localhost:28081"),
                bench.environment("orders-service"));
        assertEquals("/r/bench/forecast-state", bench.environment("forecast").get("FORECAST_STATE_DIR"));
    }

    @Test
    void mediansAsTheShellTookThem() {
        assertEquals(6517, StartFigures.median(new long[] {7700, 5879, 6517}));
        // an even count: the mean of the middle two, rounded down
        assertEquals(2, StartFigures.median(new long[] {1, 2, 3, 4}));
        StartFigures figures = StartFigures.of(List.of(new long[] {7700, 150_000, 2400}, new long[] {5879, 151_000, 2100},
                new long[] {6517, 152_000, 2300}));
        assertEquals(new StartFigures(6517, 5879, 7700, 147, 2300), figures);
    }

    @Test
    void ratiosRoundAsAwkAndPrintfDid() {
        assertEquals("0.39", StartFigures.ratio(2518, 6517));
        assertEquals("1.00", StartFigures.ratio(5, 5));
        // printf rounds a half to even; awk's print had rounded to 6 digits first
        assertEquals("0.62", StartFigures.ratio(5, 8));
        assertEquals("0.38", StartFigures.ratio(3, 8));
    }

    @Test
    void rowsOfTheTable() {
        StartFigures plain = new StartFigures(6517, 5879, 7700, 147, 4120);
        StartFigures aot = new StartFigures(2518, 2416, 3356, 156, 1310);
        assertEquals("| users-service | 6517 ms (5879-7700) | 2518 ms (2416-3356) | 0.39x | 147 MiB | 156 MiB | 4120 ms | 1310 ms |",
                StartFigures.row("users-service", plain, aot));
        assertEquals("| users-service | 6517 ms (5879-7700) | n/a (Java 17; set SERVICE_JAVA to a JDK 25) | | 147 MiB | | 4120 ms | |",
                StartFigures.rowWithoutAot("users-service", plain, 17));
    }

    @Test
    void readsTheJavaVersionAndTheResidentMemory() {
        assertEquals(150_524, Startup.vmRss("Name:\tjava\nVmHWM:\t  160000 kB\nVmRSS:\t  150524 kB\nRssAnon:\t 1 kB\n"));
    }

    @Test
    void runsTheImagesAsComposeDoes() {
        assertEquals(List.of("docker", "run", "-d", "--rm", "--name", "microlab-bench-users-service", "--network", "microlab-bench",
                "--network-alias", "users-service", "-m", "448m", "-p", "127.0.0.1:38081:8081", "--read-only", "--tmpfs", "/tmp",
                "--user", "10001:10001", "--cap-drop", "ALL", "--security-opt", "no-new-privileges:true",
                "-e", "DATASOURCES_DEFAULT_URL=jdbc:postgresql://postgres:5432/users", "-e", "DATASOURCES_DEFAULT_USERNAME=users",
                "-e", "DATASOURCES_DEFAULT_PASSWORD=users", "-e", "REDIS_URI=redis://redis:6379",
                "-e", "MICRONAUT_HTTP_SERVICES_USERS_URL=http://users-service:8081",
                "-e", "JAVA_OPTS=-XX:MaxRAMPercentage=40 -XX:MaxDirectMemorySize=32m -XX:+UseSerialGC -XX:AOTMode=off",
                "microlab/users-service:0.1.0"),
                Containers.run("users-service", 8081, 8081, "0.1.0", false, 38081));
        assertEquals(List.of("docker", "run", "-d", "--rm", "--name", "microlab-bench-forecast", "--network", "microlab-bench",
                "--network-alias", "forecast", "-m", "1536m", "-p", "127.0.0.1:38084:8084", "--read-only", "--tmpfs",
                "/tmp:exec,mode=1777", "--user", "10001:10001", "--cap-drop", "ALL", "--security-opt", "no-new-privileges:true",
                "-e", "DATASOURCES_DEFAULT_URL=jdbc:postgresql://postgres:5432/forecast", "-e", "DATASOURCES_DEFAULT_USERNAME=forecast",
                "-e", "DATASOURCES_DEFAULT_PASSWORD=forecast", "-e", "REDIS_URI=redis://redis:6379",
                "-e", "MICRONAUT_HTTP_SERVICES_USERS_URL=http://users-service:8081", "-e", "FORECAST_STATE_DIR=/tmp/state",
                "-e", "JAVA_OPTS=-XX:MaxDirectMemorySize=64m -XX:+UseSerialGC", "microlab/forecast:0.1.0"),
                Containers.run("forecast", 8084, 8081, "0.1.0", true, 38084));
        assertEquals(List.of("-e", "REDIS_URI=redis://redis:6379", "-e", "MICRONAUT_HTTP_SERVICES_USERS_URL=http://users-service:8081",
                "-e", "JAVA_OPTS=-XX:MaxRAMPercentage=40 -XX:MaxDirectMemorySize=32m -XX:+UseSerialGC", "microlab/gateway:0.1.0"),
                Containers.run("gateway", 8080, 8081, "0.1.0", true, 38080).subList(23, 30));
    }

    @Test
    void startsPostgresAndRedisOnTheBenchsNetwork() {
        List<List<String>> commands = Containers.backing(Path.of("/repo/compose/postgres-init"), "postgres:17-alpine", "redis:7-alpine");
        assertEquals(List.of("docker", "network", "create", "microlab-bench"), commands.get(0));
        assertEquals(List.of("docker", "run", "-d", "--rm", "--name", "microlab-bench-postgres", "--network", "microlab-bench",
                "--network-alias", "postgres", "-e", "POSTGRES_PASSWORD=postgres", "-e", "USERS_DB_PASSWORD=users",
                "-e", "ORDERS_DB_PASSWORD=orders", "-e", "FORECAST_DB_PASSWORD=forecast",
                "-v", "/repo/compose/postgres-init:/docker-entrypoint-initdb.d:ro", "postgres:17-alpine"), commands.get(1));
        assertEquals(List.of("docker", "run", "-d", "--rm", "--name", "microlab-bench-redis", "--network", "microlab-bench",
                "--network-alias", "redis", "redis:7-alpine"), commands.get(2));
    }
}
