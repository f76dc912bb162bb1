package microlab.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where things live: the repository root (the working folder), the run folder ({@code MICROLAB_RUN_DIR}, default
 * {@code .run}) with its pids/ and logs/, the five services with their ports and jars.
 */
record Layout(Path root, Path runDir, String version) {

    /** name and port; gateway last so that its home page finds its backends already listening */
    record Service(String name, int port) {
        boolean isForecast() {
            return name.equals("forecast");
        }
    }

    static final List<Service> SERVICES = List.of(new Service("users-service", 8081),
            new Service("orders-service", 8082), new Service("consumer-service", 8083),
            new Service("forecast", 8084), new Service("gateway", 8080));

    private static final Pattern VERSION = Pattern.compile(
            "<artifactId>microlab</artifactId>\\s*<version>([^<]+)</version>");

    static Layout of(Path root, Map<String, String> env) {
        Path run = Path.of(env.getOrDefault("MICROLAB_RUN_DIR", ".run"));
        String version = env.get("JAR_VERSION");
        if (version == null) {
            try {
                Matcher m = VERSION.matcher(Files.readString(root.resolve("pom.xml")));
                version = m.find() ? m.group(1) : "0.1.0";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Layout(root, root.resolve(run).toAbsolutePath().normalize(), version);
    }

    static Layout here() {
        return of(Path.of("").toAbsolutePath(), System.getenv());
    }

    Path pids() {
        return runDir.resolve("pids");
    }

    Path logs() {
        return runDir.resolve("logs");
    }

    Path pidFile(String name) {
        return pids().resolve(name + ".pid");
    }

    Path log(String service) {
        return logs().resolve(service + ".log");
    }

    String jarName(String service) {
        return service + "-" + version + ".jar";
    }

    Path jar(String service) {
        return root.resolve(service).resolve("target").resolve(jarName(service));
    }
}
