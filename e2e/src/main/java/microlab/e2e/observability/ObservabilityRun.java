package microlab.e2e.observability;

import microlab.e2e.Exec;
import microlab.e2e.Http;
import microlab.e2e.Ports;
import microlab.e2e.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * .ci/observability-check.sh: the observability promises on the real programs. Starts Jaeger (its all-in-one
 * defaults: spans in memory, OTLP on 4317/4318, the UI and query API on 16686), Prometheus with compose's
 * configuration (the service names replaced by localhost), the system on the bare JVM ({@code bin/up --detach})
 * exporting its spans to Jaeger and a second gateway with the direct path off; then {@link ObservabilityCheck} on
 * both gateway paths. Everything it started is stopped again, also after a failure, which shows their logs' last lines.
 * <p>
 * Usage: {@code ObservabilityRun --jaeger FILE --prometheus FILE [--filter-path-port 18080]} (from the repository root).
 */
public final class ObservabilityRun {

    static final String SERVICES = "gateway,users-service,orders-service,consumer-service,forecast";
    static final String DASHBOARD = "compose/observability/grafana/dashboards/microlab.json";

    public static void main(String[] args) throws IOException {
        String jaeger = null;
        String prometheus = null;
        int filterPathPort = 18080;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--jaeger" -> jaeger = args[i + 1];
                case "--prometheus" -> prometheus = args[i + 1];
                case "--filter-path-port" -> filterPathPort = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path work = TempDir.create("microlab-observability");
        List<Process> started = new ArrayList<>();
        Map<String, String> otel = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318");
        boolean up = false;
        boolean ok = false;
        String failure = null;
        try {
            started.add(start(work, work.resolve("jaeger.log"), Map.of(), jaeger));
            Files.writeString(work.resolve("prometheus.yml"), Files.readString(Path.of("compose/observability/prometheus.yml"))
                    .replaceAll("\"(" + SERVICES.replace(',', '|') + "):", "\"localhost:"));
            started.add(start(work, work.resolve("prometheus.log"), Map.of(), prometheus, "--config.file=" + work.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + work.resolve("tsdb"), "--web.listen-address=127.0.0.1:9090"));
            await("jaeger", "http://localhost:16686", "/", started.get(0));
            await("prometheus", "http://localhost:9090", "/-/ready", started.get(1));

            up = true;
            require(Exec.stream(List.of("bin/up", "--detach"), otel) == 0, "bin/up failed (above)");
            require(!Ports.listening(filterPathPort), "port " + filterPathPort + " is taken: the filter-path gateway needs it");
            Process filterPath = start(Path.of("."), Path.of(".run/logs/gateway-filter-path.log"),
                    Map.of("GATEWAY_DIRECT_PROXY_ENABLED", "false", "MICRONAUT_SERVER_PORT", Integer.toString(filterPathPort),
                            "OTEL_EXPORTER_OTLP_ENDPOINT", otel.get("OTEL_EXPORTER_OTLP_ENDPOINT")),
                    "java", "-jar", gatewayJar().toString());
            started.add(filterPath);
            await("the filter-path gateway", "http://localhost:" + filterPathPort, "/health/readiness", filterPath);

            new ObservabilityCheck().parse(new String[] {"--gateway", "direct path=http://localhost:8080",
                    "--gateway", "filter path=http://localhost:" + filterPathPort, "--jaeger", "http://localhost:16686",
                    "--prometheus", "http://localhost:9090", "--dashboard", DASHBOARD, "--jobs", SERVICES, "--logs", ".run/logs"}).run();
            System.out.println("observability check: passed");
            ok = true;
        } catch (RuntimeException e) {
            failure = e.getMessage();
            System.out.println("observability check: FAILED: " + failure);
        } finally {
            if (up && Exec.stream(List.of("bin/down"), Map.of()) != 0) {
                ok = false;
                failure = failure == null ? "bin/down failed (above)" : failure;
            }
            started.forEach(Process::destroy);
            started.forEach(p -> p.onExit().join());
            if (!ok) {
                lastLines(work, Path.of(".run/logs"));
                // repeated last, where a log's tail keeps it
                System.out.println("\nobservability check: FAILED: " + failure);
            }
            TempDir.delete(work);
        }
        System.exit(ok ? 0 : 1);
    }

    private static Path gatewayJar() throws IOException {
        try (Stream<Path> jars = Files.list(Path.of(".run/jars"))) {
            return jars.filter(p -> p.getFileName().toString().matches("gateway-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no gateway jar in .run/jars"));
        }
    }

    private static Process start(Path dir, Path log, Map<String, String> env, String... command) {
        return Exec.background(dir, log, env, List.of(command));
    }

    /** Until base + path answers 2xx (60 s at most); a failure at once when the process serving it has exited. */
    private static void await(String what, String base, String path, Process process) {
        long started = System.nanoTime();
        Http.awaitReady(base + path, Duration.ofSeconds(60),
                () -> process.isAlive() ? null : what + " exited (exit code " + process.exitValue() + ") before it answered " + base + path
                        + "; see its log below",
                () -> "waited 60 s for " + what + " to answer " + base + path);
        System.out.printf(".ci/observability-check: %s answers %s%s (%d s)%n", what, base, path,
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /** The last lines of Jaeger's and Prometheus' logs, and the warnings and errors of the services' logs. */
    private static void lastLines(Path work, Path serviceLogs) {
        try (Stream<Path> logs = Files.list(work)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                System.out.printf("%n---- last lines of %s ----%n", log.getFileName());
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(System.out::println);
            }
        } catch (IOException e) {
            System.out.println("could not read the logs in " + work + ": " + e.getMessage());
        }
        try (Stream<Path> logs = Files.list(serviceLogs)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log).stream().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).toList();
                System.out.printf("%n---- %s: its %d warnings and errors (the last 10) ----%n", log.getFileName(), lines.size());
                lines.subList(Math.max(0, lines.size() - 10), lines.size()).forEach(System.out::println);
            }
        } catch (IOException e) {
            System.out.println("could not read the logs in " + serviceLogs + ": " + e.getMessage());
        }
    }
}
