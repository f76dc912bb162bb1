package microlab.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bin/up's decisions that need no running process: which jars to rebuild (Jars), and what each service is started with. */
class UpTest {

    static final Jvms.Java JAVA_25 = new Jvms.Java("/jdk/bin/java", 25);

    @Test
    void aJarIsRebuiltWhenASourceOfItsOwnOrOfASharedModuleIsNewer(@TempDir Path root) throws Exception {
        Layout layout = Layout.of(root, Map.of("JAR_VERSION", "0.1.0"));
        Path source = write(root.resolve("users-service/src/main/java/A.java"), 1_000);
        Path shared = write(root.resolve("http-problem/src/main/java/B.java"), 1_000);
        write(layout.jar("users-service"), 2_000);
        Jars up = new Jars(layout);

        assertFalse(up.stale().contains("users-service"));
        // the other four have no jar at all
        assertEquals(List.of("orders-service", "consumer-service", "forecast", "gateway"), up.stale());

        Files.setLastModifiedTime(shared, FileTime.fromMillis(3_000));
        assertTrue(up.stale().contains("users-service"), "a newer shared module's source is missed");
        Files.setLastModifiedTime(shared, FileTime.fromMillis(1_000));
        Files.setLastModifiedTime(source, FileTime.fromMillis(3_000));
        assertTrue(up.stale().contains("users-service"), "a newer source of its own is missed");
    }

    @Test
    void aLibraryInsideTheServicesFolderCountsToo(@TempDir Path root) throws Exception {
        Layout layout = Layout.of(root, Map.of("JAR_VERSION", "0.1.0"));
        write(root.resolve("forecast/models/src/main/java/M.java"), 3_000);
        write(layout.jar("forecast"), 2_000);
        assertTrue(new Jars(layout).stale().contains("forecast"));
    }

    @Test
    void theStoresAddressesAreGivenOnlyWhenTheyAreNotTheUsualOnes(@TempDir Path root) {
        Layout layout = Layout.of(root, Map.of("JAR_VERSION", "0.1.0"));
        Map<String, String> env = Map.of("PGPORT", "5433", "REDIS_PORT", "6380");
        Up up = new Up(layout, env);
        Infra infra = new Infra(layout, env);

        assertEquals(Map.of("DATASOURCES_DEFAULT_URL", "jdbc:postgresql://localhost:5433/users", "REDIS_URI", "redis://localhost:6380"),
                up.launch(service("users-service"), JAVA_25, infra).env());
        assertEquals(Map.of("DATASOURCES_DEFAULT_URL", "jdbc:postgresql://localhost:5433/orders"),
                up.launch(service("orders-service"), JAVA_25, infra).env());
        assertEquals(Map.of(), up.launch(service("consumer-service"), JAVA_25, infra).env());

        Up usual = new Up(layout, Map.of());
        assertEquals(Map.of(), usual.launch(service("users-service"), JAVA_25, new Infra(layout, Map.of())).env());
    }

    @Test
    void forecastGetsItsHeapItsFoldersAndNoNetwork(@TempDir Path root) {
        Layout layout = Layout.of(root, Map.of("JAR_VERSION", "0.1.0", "MICROLAB_RUN_DIR", "run"));
        ServiceProcesses.Launch forecast = new Up(layout, Map.of()).launch(service("forecast"), JAVA_25, new Infra(layout, Map.of()));

        assertEquals(List.of("-Xmx768m", "-XX:+UseSerialGC", "-Doffline=true", "--sun-misc-unsafe-memory-access=allow",
                "--enable-native-access=ALL-UNNAMED"), forecast.opts());
        assertEquals(root.resolve("run/djl").toString(), forecast.env().get("DJL_CACHE_DIR"));
        assertEquals(root.resolve("run/forecast-state").toString(), forecast.env().get("FORECAST_STATE_DIR"));
        assertEquals("cpu", forecast.env().get("PYTORCH_FLAVOR"));

        ServiceProcesses.Launch gateway = new Up(layout, Map.of("JAVA_OPTS", "-Xmx64m")).launch(service("gateway"),
                new Jvms.Java("java", 17), new Infra(layout, Map.of()));
        assertEquals(List.of("-Xmx64m"), gateway.opts());
    }

    static Layout.Service service(String name) {
        return Layout.SERVICES.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    static Path write(Path file, long modifiedMillis) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
        Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMillis));
        return file;
    }
}
