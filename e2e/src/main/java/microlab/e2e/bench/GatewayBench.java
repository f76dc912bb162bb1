package microlab.e2e.bench;

import microlab.e2e.Exec;
import microlab.e2e.Http;
import microlab.e2e.Ports;
import microlab.launcher.Jvms;
import microlab.launcher.Local;

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
 * {@code bin/bench gateway [--no-build] [--tracing]} ({@link #USAGE}): the gateway and users-service run on the java
 * bin/up picks (module launcher), with PostgreSQL and Redis provided as bin/up does. Everything it started is
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

    static final String USAGE = """
            Usage: bin/bench gateway [--no-build] [--tracing]

            nginx and the gateway take turns, first one then the other, ROUNDS (6) rounds of each case (GET /users/1,
            a 1 MiB GET, a 64 KiB POST), each run wrk -t2 -c32 -d5s after a discarded one as long (before all rounds
            each server gets 40 s of each case, so the JVMs' compilers are done); prints per case the median
            requests per second, p99 and CPU a request, and the gateway's ratios to nginx round by round (median and
            spread). Needs wrk and nginx (installed with apt-get when root). Ports 18170-18190; runs beside bin/up.

            --tracing: instead, what tracing costs: the gateway as it ships (trace ids, no span recorded) beside one
            with OpenTelemetry switched off and one exporting to a real Jaeger (built from the Go module proxy the
            first time, about 6 minutes; it needs ports 4317, 4318 and 16686), in turns the same way.

            Environment: ROUNDS, WRK_THREADS (2), WRK_CONNECTIONS (32), WRK_SECONDS (5), WRK_WARMUP (40);
            GATEWAY_BENCH_JAVA_OPTS (default -Xmx256m -XX:+UseSerialGC, the pods' collector with full JIT),
            SERVICE_JAVA (default: as bin/up picks it).
            """;

    /** TakingTurns' options and the variables that set them */
    private static final Map<String, String> TURNS = Map.of("--rounds", "ROUNDS", "--warmup", "WRK_WARMUP",
            "--seconds", "WRK_SECONDS", "--threads", "WRK_THREADS", "--connections", "WRK_CONNECTIONS");

    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> turns = new ArrayList<>();
    private final List<Process> started = new ArrayList<>();
    private boolean nginxStarted;
    private AutoCloseable infra = () -> { };

    public static void main(String[] args) {
        GatewayBench bench = new GatewayBench();
        int status = 0;
        try {
            if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
                System.out.print(USAGE);
                return;
            }
            bench.prepare(args, new Local("bin/bench gateway")).run();
        } catch (Exception e) {
            System.err.println("bin/bench gateway: error: " + e.getMessage());
            status = 1;
        } finally {
            bench.stop();
        }
        System.exit(status);
    }

    /** bin/bench gateway's command line and environment, and what it needs: wrk, nginx, the jars, Jaeger, the stores */
    GatewayBench prepare(String[] args, Local local) {
        boolean build = true;
        boolean tracing = false;
        for (String arg : args) {
            switch (arg) {
                case "--no-build" -> build = false;
                case "--tracing" -> tracing = true;
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'; see bin/bench gateway --help");
            }
        }
        Jvms.Java java = local.serviceJava();
        List<String> opts = new ArrayList<>(List.of(System.getenv().getOrDefault("GATEWAY_BENCH_JAVA_OPTS",
                "-Xmx256m -XX:+UseSerialGC").trim().split("\\s+")));
        opts.addAll(java.flags());
        List<String> missing = new ArrayList<>();
        if (!Exec.run("sh", "-c", "command -v wrk").ok()) {
            missing.add("wrk");
        }
        String nginx = nginxCommand();
        if (nginx == null) {
            missing.add("nginx");
        }
        if (!missing.isEmpty()) {
            local.install(missing.toArray(String[]::new));
            nginx = nginxCommand();
        }
        if (build) {
            local.buildJars();
        }
        List<String> internal = new ArrayList<>(List.of("--dir", local.runDir().resolve("bench/gateway").toString(),
                "--java", java.command(), "--opts", String.join(" ", opts), "--nginx", nginx,
                "--users-jar", local.jar("users-service").toString(), "--gateway-jar", local.jar("gateway").toString()));
        if (tracing) {
            if (Exec.stream(List.of(".ci/kind/build.sh", "jaeger"), Map.of()) != 0) {
                throw new IllegalStateException("Jaeger did not build (output above)");
            }
            String jaeger = Exec.run("bash", "-c", "source .ci/kind/versions.sh && printf %s \"$KIND_CACHE/jaeger-$JAEGER_VERSION/jaeger\"")
                    .output().strip();
            internal.addAll(List.of("--jaeger", jaeger));
        }
        TURNS.forEach((option, variable) -> {
            String value = System.getenv(variable);
            if (value != null && !value.isEmpty()) {
                internal.addAll(List.of(option, value));
            }
        });
        parse(internal.toArray(String[]::new));
        infra = local.infra();
        return this;
    }

    private static String nginxCommand() {
        Exec found = Exec.run("sh", "-c", "command -v nginx || { test -x /usr/sbin/nginx && echo /usr/sbin/nginx; }");
        return found.ok() && !found.output().isBlank() ? found.output().strip() : null;
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
        try {
            infra.close();
        } catch (Exception e) {
            System.err.println("bin/bench gateway: could not stop PostgreSQL or Redis: " + e.getMessage());
        }
        infra = () -> { };
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return value;
    }
}
