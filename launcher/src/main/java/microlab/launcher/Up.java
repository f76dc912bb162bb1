package microlab.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static microlab.launcher.Console.die;
import static microlab.launcher.Console.say;

/**
 * bin/up: builds the jars that are out of date, provides PostgreSQL and Redis, starts the five services in the
 * background and waits until each one is ready; then returns (--detach) or watches them until Ctrl-C.
 */
final class Up {

    static final String USAGE = """
            Usage: bin/up [--detach] [--no-build]

            Starts microlab on this machine: gateway :8080, users-service :8081, orders-service :8082,
            consumer-service :8083, forecast :8084, all reached through http://localhost:8080/.

              1. builds the jars that are missing or older than their sources (./mvnw package, tests skipped)
              2. makes sure PostgreSQL (localhost:$PGPORT, 5432) and Redis (localhost:$REDIS_PORT, 6379) answer:
                 uses running ones, otherwise starts private ones (installing them with apt-get when root),
                 and creates the roles and databases the services need
              3. starts the services as background JVMs from copies of their jars in .run/jars/ (so a rebuild
                 does not pull a jar from under a running JVM), logs in .run/logs/<service>.log, pids in .run/pids/
              4. waits for each /health/readiness (READY_TIMEOUT seconds, default 120)

            Without --detach it stays in the foreground and stops everything on Ctrl-C.
            With --detach it returns once all are ready; bin/down stops them.
            --no-build starts the jars as they are.

            Environment:
              SERVICE_JAVA         the java command the services run on (default: the newest Java 25 or newer
                                   installed, in /usr/lib/jvm and the usual places, else java on PATH). With Java 25
                                   or newer each service gets an AOT cache in .run/aot/: the first start after a
                                   build trains it (written when the service stops), the next starts use it
              JVM_DIRS             where to look for JDKs (default: /usr/lib/jvm /usr/java /opt/java
                                   ~/.sdkman/candidates/java /Library/Java/JavaVirtualMachines)
              AOT                  off: no AOT cache, a plain start even on Java 25
              JAVA_OPTS            JVM flags of the four small services (default: %s)
              FORECAST_JAVA_OPTS   JVM flags of forecast (default: %s)
              DJL_CACHE_DIR        forecast's unpacked PyTorch runtime (default .run/djl; about 430 MB)
              FORECAST_STATE_DIR   forecast's saved models and boot counter (default .run/forecast-state)
              PGPORT, REDIS_PORT   where PostgreSQL and Redis listen (defaults 5432, 6379)
              READY_TIMEOUT        seconds to wait for all services to be ready (default 120)
            """;

    /**
     * -Xms16m: the heap starts small and grows as needed; with the default start (a 64th of the machine's memory) a
     * service touches a young generation of tens of MB during start-up alone (gateway: 137 MiB resident at ready,
     * 121 MiB with -Xms16m, from the same AOT cache).
     */
    static final String JAVA_OPTS = "-Xms16m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
    static final String FORECAST_JAVA_OPTS = "-Xmx768m -XX:+UseSerialGC";

    private enum Phase { STARTING, WATCHING, DONE }

    private final Layout layout;
    private final Map<String, String> env;
    private final ServiceProcesses services;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private volatile Phase phase = Phase.STARTING;

    Up(Layout layout, Map<String, String> env) {
        this.layout = layout;
        this.env = env;
        this.services = new ServiceProcesses(layout, new AotCache(layout, "off".equals(env.get("AOT"))));
    }

    int run(List<String> args) {
        boolean detach = false;
        boolean build = true;
        for (String arg : args) {
            switch (arg) {
                case "-h", "--help" -> {
                    System.out.print(USAGE.formatted(JAVA_OPTS, FORECAST_JAVA_OPTS));
                    return 0;
                }
                case "-d", "--detach" -> detach = true;
                case "--no-build" -> build = false;
                default -> throw die("unknown argument '" + arg + "'; see bin/up --help.");
            }
        }
        Os.mkdirs(layout.pids());
        Os.mkdirs(layout.logs());
        checkNotRunning();
        checkPortsFree();
        if (build) {
            new Jars(layout).buildStale();
        }
        Infra infra = new Infra(layout, env).ensure();
        checkPortsFree();
        Runtime.getRuntime().addShutdownHook(new Thread(this::onSignal, "bin/up stop"));
        try {
            Jvms.Java java = Jvms.serviceJava(env);
            long started = System.nanoTime();
            Map<String, Long> pids = new LinkedHashMap<>();
            for (Layout.Service service : Layout.SERVICES) {
                synchronized (this) {
                    if (phase != Phase.STARTING) {
                        return 130;
                    }
                    long pid = services.start(service.name(), launch(service, java, infra));
                    pids.put(service.name(), pid);
                    say("starting " + service.name() + " on :" + service.port() + " (pid " + pid + ", log "
                            + layout.log(service.name()) + ")");
                }
            }
            awaitReady(pids, started);
            printUrls(Console.since(started));
        } catch (RuntimeException e) {
            boolean signalled;
            synchronized (this) {
                signalled = phase != Phase.STARTING;
                phase = Phase.DONE;
            }
            if (!signalled) {
                stopStarted();
            }
            throw e;
        }
        if (detach) {
            phase = Phase.DONE;
            say("running in the background; stop everything with bin/down");
            return 0;
        }
        phase = Phase.WATCHING;
        say("running in the foreground; Ctrl-C stops everything");
        return watch();
    }

    /** a signal: before all are ready, stop what this run started; in the foreground after, stop everything */
    private void onSignal() {
        Phase was;
        synchronized (this) {
            was = phase;
            phase = Phase.DONE;
        }
        if (was == Phase.STARTING) {
            stopStarted();
        } else if (was == Phase.WATCHING) {
            System.out.println();
            new Down(layout, env).run(List.of());
        }
    }

    /** an interrupted start is not worth its AOT caches: no JVM gets more than 10 s to stop */
    private void stopStarted() {
        services.stopAll(Duration.ofSeconds(10), Duration.ofSeconds(10));
        say("stopped the services it had started; PostgreSQL/Redis it started keep running (bin/down stops them)");
    }

    private void checkNotRunning() {
        for (Layout.Service service : Layout.SERVICES) {
            if (services.running(service.name())) {
                throw die("microlab is already running (" + service.name() + ", pid " + services.pid(service.name()).orElse(0L)
                        + "); use it, or stop it with bin/down first.");
            }
            Os.delete(layout.pidFile(service.name()));
        }
    }

    /** asked before the build and again just before the launch: a build takes long enough for a port to be taken */
    private void checkPortsFree() {
        for (Layout.Service service : Layout.SERVICES) {
            if (Os.portOpen(service.port())) {
                throw die("port " + service.port() + ", which " + service.name() + " needs, is taken by "
                        + Os.portOwner(service.port()) + "; stop that process and run bin/up again.");
            }
        }
    }

    /** the JVM flags and environment of one service; the stores' addresses only when they are not the usual ones */
    ServiceProcesses.Launch launch(Layout.Service service, Jvms.Java java, Infra infra) {
        Map<String, String> vars = new HashMap<>();
        List<String> opts = new ArrayList<>();
        if (service.isForecast()) {
            opts.addAll(split(env.getOrDefault("FORECAST_JAVA_OPTS", FORECAST_JAVA_OPTS)));
            opts.add("-Doffline=true");
            Path djl = layout.root().resolve(env.getOrDefault("DJL_CACHE_DIR", layout.runDir().resolve("djl").toString()));
            Path state = layout.root().resolve(env.getOrDefault("FORECAST_STATE_DIR",
                    layout.runDir().resolve("forecast-state").toString()));
            vars.put("PYTORCH_FLAVOR", "cpu");
            vars.put("DJL_CACHE_DIR", Os.mkdirs(djl).toString());
            vars.put("FORECAST_STATE_DIR", Os.mkdirs(state).toString());
        } else {
            opts.addAll(split(env.getOrDefault("JAVA_OPTS", JAVA_OPTS)));
        }
        opts.addAll(java.flags());
        String database = switch (service.name()) {
            case "users-service" -> "users";
            case "orders-service" -> "orders";
            case "forecast" -> "forecast";
            default -> null;
        };
        if (database != null && infra.postgresPort() != 5432) {
            vars.put("DATASOURCES_DEFAULT_URL", "jdbc:postgresql://localhost:" + infra.postgresPort() + "/" + database);
        }
        // consumer-service and orders-service use no Redis
        boolean redis = !service.name().equals("consumer-service") && !service.name().equals("orders-service");
        if (redis && infra.redisPort() != 6379) {
            vars.put("REDIS_URI", "redis://localhost:" + infra.redisPort());
        }
        return new ServiceProcesses.Launch(java, opts, vars);
    }

    private static List<String> split(String flags) {
        return flags.isBlank() ? List.of() : Arrays.asList(flags.trim().split("\\s+"));
    }

    private void awaitReady(Map<String, Long> pids, long started) {
        long timeout = Long.parseLong(env.getOrDefault("READY_TIMEOUT", "120"));
        long deadline = started + Duration.ofSeconds(timeout).toNanos();
        List<Layout.Service> pending = new ArrayList<>(Layout.SERVICES);
        while (!pending.isEmpty()) {
            if (phase != Phase.STARTING) {
                // a signal: the hook stops what was started
                throw die("stopped before every service was ready");
            }
            for (Layout.Service service : List.copyOf(pending)) {
                long pid = pids.get(service.name());
                if (!Os.alive(pid)) {
                    throw failedStartup(service, "exited while starting");
                }
                var owners = Os.portPids(service.port());
                if (readiness(service.port()) == 200 && (owners.isEmpty() || owners.contains(pid))) {
                    say(service.name() + " ready on :" + service.port() + " after " + Console.since(started) + " ("
                            + residentMib(pid) + " MiB resident, " + cpuSeconds(pid) + " s of CPU)");
                    pending.remove(service);
                }
            }
            if (pending.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                Layout.Service late = pending.get(0);
                int status = readiness(late.port());
                throw failedStartup(late, "was not ready within " + timeout + " s (GET /health/readiness answered "
                        + (status == 0 ? "nothing" : status) + ")");
            }
            Os.sleep(250);
        }
    }

    /** the status of GET /health/readiness, 0 when nothing answers */
    private int readiness(int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/readiness"))
                .header("Accept", "application/json").timeout(Duration.ofSeconds(3)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw die("interrupted while waiting for the services");
        }
    }

    /** the CPU time, user and system, the process has used so far, as "2.3" */
    static String cpuSeconds(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration())
                .map(cpu -> String.format(Locale.ROOT, "%.1f", cpu.toMillis() / 1000.0)).orElse("?");
    }

    static long residentMib(long pid) {
        return Os.read(Path.of("/proc", Long.toString(pid), "status")).stream().flatMap(String::lines)
                .filter(line -> line.startsWith("VmRSS:")).map(line -> line.replaceAll("\\D", ""))
                .mapToLong(kib -> Long.parseLong(kib) / 1024).findFirst().orElse(0);
    }

    private Console.Failure failedStartup(Layout.Service service, String why) {
        Path log = layout.log(service.name());
        System.err.println(Console.name() + ": ---- last lines of " + log + " ----");
        System.err.println(Os.tail(log, 40));
        System.err.println(Console.name() + ": ----");
        if (Os.read(log).orElse("").contains("Address already in use")) {
            return die(service.name() + " could not listen on :" + service.port() + ": " + Os.portOwner(service.port())
                    + " took that port while bin/up was starting; stop it and run bin/up again.");
        }
        return die(service.name() + " " + why + " (its log is above); fix the cause and run bin/up again.");
    }

    private void printUrls(String took) {
        System.out.printf("""
                %s: microlab is up in %s; everything goes through the gateway:
                  home page   http://localhost:8080/
                  users       http://localhost:8080/users
                  visits      http://localhost:8080/visits
                  orders      http://localhost:8080/orders
                  summary     http://localhost:8080/summary
                  forecast    http://localhost:8080/forecast/
                  logs        %s/<service>.log
                """, Console.name(), took, layout.logs());
    }

    /** the foreground: every 2 s, each service must still run; one that stopped on its own stops everything */
    private int watch() {
        while (phase == Phase.WATCHING) {
            for (Layout.Service service : Layout.SERVICES) {
                if (services.running(service.name()) || phase != Phase.WATCHING) {
                    continue;
                }
                // bin/down marks its work and removes the pid files when done: then this is no crash
                if (Files.exists(layout.pids().resolve("stopping")) || !Files.exists(layout.pidFile(service.name()))) {
                    phase = Phase.DONE;
                    say("stopped by bin/down");
                    return 0;
                }
                phase = Phase.DONE;
                Console.warn(service.name() + " has exited; its last lines:");
                System.err.println(Os.tail(layout.log(service.name()), 20));
                new Down(layout, env).run(List.of());
                throw die(service.name() + " stopped on its own (log above, full log in " + layout.log(service.name())
                        + "); everything else is stopped too.");
            }
            Os.sleep(2000);
        }
        return 130;
    }
}
