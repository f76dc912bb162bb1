package microlab.e2e.bench;

import microlab.e2e.Exec;
import microlab.e2e.Http;
import microlab.e2e.Ports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * bin/bench gateway: the gateway beside nginx doing the same job, in front of the same backends, measured by
 * {@link TakingTurns}. nginx is configured as the gateway behaves ({@value #NGINX_CONF}: an access log line per
 * request, buffered; X-Forwarded-For/-Proto/-Host; an X-Request-Id passed on) and serves, as a second nginx server,
 * the static backend behind both for a 1 MiB answer and a 64 KiB upload, so that backend costs next to nothing.
 * Three cases: GET /users/1 (users-service on PostgreSQL and its Redis cache), the 1 MiB GET, the 64 KiB POST.
 * <p>
 * With {@code --jaeger FILE}, instead what tracing costs: the gateway as it ships (trace ids, no span recorded)
 * beside one with OpenTelemetry switched off and one exporting every span to that Jaeger (OTLP over HTTP on 4318);
 * it fails when Jaeger holds no span of the exporting one, whose figures would then not be tracing's cost.
 * <p>
 * Usage: {@code GatewayBench --dir DIR --java JAVA --opts "FLAGS" --nginx NGINX --users-jar JAR --gateway-jar JAR
 * [--jaeger FILE] [TakingTurns' --rounds --warmup --seconds --threads --connections]}. Everything it started is
 * stopped again, however it ends.
 */
public final class GatewayBench {

    static final String NGINX_CONF = "bin/lib/gateway-bench-nginx.conf";
    static final int NGINX_PORT = 18170;
    static final int GATEWAY_PORT = 18180;
    static final int USERS_PORT = 18181;
    static final int GATEWAY_OFF_PORT = 18182;
    static final int GATEWAY_EXPORTING_PORT = 18183;
    static final int STATIC_PORT = 18190;
    static final List<Integer> JAEGER_PORTS = List.of(4317, 4318, 16686);

    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> turns = new ArrayList<>();
    private final List<Process> started = new ArrayList<>();
    private boolean nginxStarted;

    public static void main(String[] args) throws IOException {
        GatewayBench bench = new GatewayBench();
        int status = 0;
        try {
            bench.parse(args).run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("bin/bench gateway: " + e.getMessage());
            status = 1;
        } finally {
            bench.stop();
        }
        System.exit(status);
    }

    GatewayBench parse(String[] args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs: " + String.join(" ", args));
        }
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].replaceFirst("^--", "");
            switch (name) {
                case "dir", "java", "opts", "nginx", "users-jar", "gateway-jar", "jaeger" -> options.put(name, args[i + 1]);
                case "rounds", "warmup", "seconds", "threads", "connections" -> turns.addAll(List.of(args[i], args[i + 1]));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        for (String required : List.of("dir", "java", "opts", "nginx", "users-jar", "gateway-jar")) {
            if (!options.containsKey(required)) {
                throw new IllegalArgumentException("--" + required + " is missing");
            }
        }
        return this;
    }

    void run() throws IOException {
        Path dir = Path.of(options.get("dir")).toAbsolutePath();
        Path body = dir.resolve("body-64k.bin");
        Files.createDirectories(dir.resolve("nginx/logs"));
        Files.createDirectories(dir.resolve("nginx/static/forecast"));
        Files.write(dir.resolve("nginx/static/forecast/big.bin"), random(1 << 20));
        Files.write(body, random(64 << 10));
        Files.writeString(dir.resolve("nginx/nginx.conf"), nginxConf(Files.readString(Path.of(NGINX_CONF)), dir));

        startNginx(dir);
        Process users = startJava(dir, "users-service", Map.of("MICRONAUT_SERVER_PORT", Integer.toString(USERS_PORT)), "users-jar");
        Process gateway = startGateway(dir, "gateway", GATEWAY_PORT, Map.of());
        await("users-service", USERS_PORT, "/health/readiness", users, dir.resolve("users-service.log"));
        await("gateway", GATEWAY_PORT, "/health/readiness", gateway, dir.resolve("gateway.log"));
        System.out.println("bin/bench gateway: the gateway on " + javaVersion() + " " + options.get("opts"));

        List<String> args = new ArrayList<>(turns);
        args.addAll(List.of("--body", body.toString(), "--case", "GET /users/1=GET /users/1"));
        if (!options.containsKey("jaeger")) {
            await("nginx", NGINX_PORT, "/users/1", null, dir.resolve("nginx.log"));
            // nginx's workers, the children of its master process: their CPU is nginx's
            long master = Long.parseLong(Files.readString(dir.resolve("nginx/nginx.pid")).trim());
            String workers = ProcessHandle.of(master).orElseThrow(() -> new IllegalStateException("nginx's master process is gone"))
                    .children().map(child -> Long.toString(child.pid())).collect(Collectors.joining(","));
            if (workers.isEmpty()) {
                throw new IllegalStateException("nginx's worker processes were not found");
            }
            args.addAll(List.of("--reference", "nginx=http://127.0.0.1:" + NGINX_PORT, "--target", "gateway=http://127.0.0.1:" + GATEWAY_PORT,
                    "--pid", "nginx=" + workers, "--pid", "gateway=" + gateway.pid(),
                    "--case", "GET 1 MiB=GET /forecast/big.bin", "--case", "POST 64 KiB=POST /forecast/upload"));
            new TakingTurns().parse(args.toArray(String[]::new)).run();
            return;
        }
        tracing(dir, gateway, args);
    }

    /** The tracing variant: the shipped gateway beside one with OpenTelemetry off and one exporting to Jaeger. */
    private void tracing(Path dir, Process shipped, List<String> args) throws IOException {
        for (int port : JAEGER_PORTS) {
            if (Ports.listening(port)) {
                throw new IllegalStateException("port " + port + " is taken; Jaeger needs it (stop what holds it)");
            }
        }
        Path jaegerDir = Files.createDirectories(dir.resolve("jaeger"));
        Process jaeger = start(jaegerDir, jaegerDir.resolve("jaeger.log"), Map.of(), List.of(Path.of(options.get("jaeger")).toAbsolutePath().toString()));
        await("jaeger", 16686, "/", jaeger, jaegerDir.resolve("jaeger.log"));
        Process off = startGateway(dir, "gateway-off", GATEWAY_OFF_PORT, Map.of("MICRONAUT_OTEL_ENABLED", "false"));
        Process exporting = startGateway(dir, "gateway-export", GATEWAY_EXPORTING_PORT,
                Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"));
        await("gateway (tracing off)", GATEWAY_OFF_PORT, "/health/readiness", off, dir.resolve("gateway-off.log"));
        await("gateway (exporting)", GATEWAY_EXPORTING_PORT, "/health/readiness", exporting, dir.resolve("gateway-export.log"));
        args.addAll(List.of("--reference", "tracing off=http://127.0.0.1:" + GATEWAY_OFF_PORT,
                "--target", "as shipped=http://127.0.0.1:" + GATEWAY_PORT, "--target", "exporting=http://127.0.0.1:" + GATEWAY_EXPORTING_PORT,
                "--pid", "tracing off=" + off.pid(), "--pid", "as shipped=" + shipped.pid(), "--pid", "exporting=" + exporting.pid(),
                "--case", "POST 64 KiB=POST /forecast/upload"));
        new TakingTurns().parse(args.toArray(String[]::new)).run();
        String services = new Http("http://127.0.0.1:16686", Duration.ofSeconds(5)).get("/api/services").body();
        if (!services.contains("\"gateway\"")) {
            throw new IllegalStateException("Jaeger holds no span of the exporting gateway: its figures are not tracing's cost (see "
                    + dir.resolve("gateway-export.log") + ")");
        }
        System.out.println("bin/bench gateway: Jaeger holds the exporting gateway's spans: " + services);
    }

    static String nginxConf(String template, Path dir) {
        return template.replace("@DIR@", dir.toString()).replace("@STATIC_PORT@", Integer.toString(STATIC_PORT))
                .replace("@USERS_PORT@", Integer.toString(USERS_PORT)).replace("@NGINX_PORT@", Integer.toString(NGINX_PORT));
    }

    private void startNginx(Path dir) {
        // nginx forks its master into the background and returns
        Exec done = Exec.run(nginx(dir));
        if (!done.ok()) {
            throw new IllegalStateException("nginx did not start: " + done.output().strip());
        }
        nginxStarted = true;
    }

    /** nginx on the bench's configuration and folder, with more arguments. */
    private List<String> nginx(Path dir, String... more) {
        List<String> command = new ArrayList<>(List.of(options.get("nginx"), "-c", dir.resolve("nginx/nginx.conf").toString(),
                "-p", dir.resolve("nginx").toString()));
        command.addAll(List.of(more));
        return command;
    }

    /** A gateway in front of users-service and the static backend (as forecast), with the extra environment. */
    private Process startGateway(Path dir, String name, int port, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>(extra);
        env.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        env.put("MICRONAUT_HTTP_SERVICES_USERS_URL", "http://127.0.0.1:" + USERS_PORT);
        env.put("MICRONAUT_HTTP_SERVICES_FORECAST_URL", "http://127.0.0.1:" + STATIC_PORT);
        return startJava(dir, name, env, "gateway-jar");
    }

    private Process startJava(Path dir, String name, Map<String, String> env, String jarOption) {
        List<String> command = new ArrayList<>();
        command.add(options.get("java"));
        command.addAll(Arrays.stream(options.get("opts").trim().split("\\s+")).filter(flag -> !flag.isEmpty()).toList());
        command.addAll(List.of("-jar", options.get(jarOption)));
        return start(Path.of("."), dir.resolve(name + ".log"), env, command);
    }

    private Process start(Path workDir, Path log, Map<String, String> env, List<String> command) {
        Map<String, String> shipped = new HashMap<>(env);
        // the gateways as they ship: no span exported unless the environment given asks for it
        shipped.putIfAbsent("OTEL_EXPORTER_OTLP_ENDPOINT", null);
        Process process = Exec.background(workDir, log, shipped, command);
        started.add(process);
        return process;
    }

    private static void await(String what, int port, String path, Process process, Path log) {
        String url = "http://127.0.0.1:" + port + path;
        Http.awaitReady(url, Startup.READY_WITHIN, () -> process == null || process.isAlive() ? null : what + " exited while starting; see " + log,
                () -> what + " did not answer " + url + " within 2 minutes; see " + log);
        System.out.println("bin/bench gateway: " + what + " answers " + url);
    }

    private String javaVersion() {
        return Exec.run(options.get("java"), "-version").firstLine();
    }

    /** TERM to everything started, up to 30 s each, then KILL; nginx by its own stop signal. */
    void stop() {
        started.forEach(Process::destroy);
        for (Process process : started) {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        started.clear();
        if (nginxStarted) {
            Exec stopped = Exec.run(nginx(Path.of(options.get("dir")).toAbsolutePath(), "-s", "stop"));
            if (!stopped.ok()) {
                System.err.println("bin/bench gateway: could not stop nginx: " + stopped.output().strip());
            }
            nginxStarted = false;
        }
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return value;
    }
}
