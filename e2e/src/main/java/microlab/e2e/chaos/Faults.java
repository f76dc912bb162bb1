package microlab.e2e.chaos;

import microlab.e2e.Http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The faults, each played out whole: a service's JVM killed with SIGKILL and started again at once, PostgreSQL and
 * Redis stopped and started again {@link #OUTAGE} later. The restarted processes are left where bin/down finds them.
 */
final class Faults {

    static final Duration OUTAGE = Duration.ofSeconds(10);
    static final Duration RECOVERY_LIMIT = Duration.ofSeconds(60);
    static final Map<String, Integer> PORTS = Map.of("gateway", 8080, "users-service", 8081, "orders-service", 8082,
            "consumer-service", 8083, "forecast", 8084);

    private final Path run;
    private final int pgPort;
    private final int redisPort;

    /** run: bin/up's .run directory (pids/, logs/). */
    Faults(Path run, int pgPort, int redisPort) {
        this.run = run;
        this.pgPort = pgPort;
        this.redisPort = redisPort;
    }

    /** Plays the fault named {@code fault} (baseline: nothing for {@link #OUTAGE}); what it did goes into the phase's note. */
    void play(String fault, Phase phase) throws Exception {
        switch (fault) {
            case "baseline" -> Thread.sleep(OUTAGE.toMillis());
            case "postgres" -> restartPostgres(Launch.listener(pgPort), phase);
            case "redis" -> restartRedis(Launch.listener(redisPort), phase);
            default -> killAndRestart(fault, phase);
        }
    }

    void killAndRestart(String service, Phase phase) throws Exception {
        Path pidFile = run.resolve("pids").resolve(service + ".pid");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        Launch launch = Launch.of(pid);
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(service + " is not running"));
        process.destroyForcibly();
        process.onExit().get(10, TimeUnit.SECONDS);
        long started = launch.start(launch.command(), run.resolve("logs").resolve(service + ".log"));
        Files.writeString(pidFile, started + "\n");
        long restarted = System.nanoTime();
        awaitReady(PORTS.get(service));
        phase.note = String.format("pid %d killed, %d started and ready %.1f s later", pid, started,
                (System.nanoTime() - restarted) / 1e9);
    }

    void restartPostgres(long pid, Phase phase) throws Exception {
        Launch launch = Launch.of(pid);
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        // SIGINT is PostgreSQL's fast shutdown: open transactions are rolled back, then it exits
        new ProcessBuilder("kill", "-INT", String.valueOf(pid)).inheritIO().start().waitFor();
        postmaster.onExit().get(60, TimeUnit.SECONDS);
        Thread.sleep(OUTAGE.toMillis());
        launch.start(launch.command(), run.resolve("logs").resolve("chaos-postgres.log"));
        awaitPort(pgPort);
        phase.note = "postmaster " + pid + " stopped for " + OUTAGE.toSeconds() + " s";
    }

    void restartRedis(long pid, Phase phase) throws Exception {
        Launch launch = Launch.of(pid);
        // Redis renames its own process, so its command line is rebuilt from its configuration; the pid
        // file with it, so that whoever started the first one (bin/down) finds and stops the second
        Map<String, String> config = new LinkedHashMap<>();
        for (String name : List.of("bind", "port", "dir", "save", "appendonly", "logfile", "pidfile", "dbfilename",
                "protected-mode")) {
            List<String> reply = Redis.command(redisPort, "CONFIG", "GET", name);
            if (reply.size() == 2) {
                config.put(name, reply.get(1));
            }
        }
        // Debian's redis-server is a link to redis-check-rdb, which picks its role from the name it is run by
        Path exe = Path.of("/proc", String.valueOf(pid), "exe").toRealPath();
        Path server = exe.resolveSibling("redis-server");
        String binary = Files.isExecutable(server) ? server.toString() : "redis-server";
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        try {
            Redis.command(redisPort, "SHUTDOWN");
        } catch (IOException closedWhileShuttingDown) {
            // expected: the server closes the connection as it exits
        }
        process.onExit().get(30, TimeUnit.SECONDS);
        Thread.sleep(OUTAGE.toMillis());
        launch.start(Redis.serverCommand(binary, config), run.resolve("logs").resolve("chaos-redis.log"));
        awaitPort(redisPort);
        String pidFile = config.getOrDefault("pidfile", "");
        if (!pidFile.isEmpty()) {
            awaitPidFile(Path.of(config.get("dir")).resolve(pidFile), Launch.listener(redisPort));
        }
        phase.note = "redis-server " + pid + " stopped for " + OUTAGE.toSeconds() + " s";
    }

    /** The restarted server's pid in the first one's pid file, where bin/down looks for it. */
    static void awaitPidFile(Path file, long pid) throws Exception {
        await(Duration.ofSeconds(5), () -> "the restarted redis-server (pid " + pid + ") did not write " + file
                + " (it holds '" + holds(file) + "'), so bin/down would not find it", () -> holds(file).equals(String.valueOf(pid)));
    }

    static String holds(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file).trim() : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Until the service on {@code port} answers 200 on /health/readiness (at most the recovery limit). */
    static void awaitReady(int port) throws Exception {
        Http probe = new Http("http://127.0.0.1:" + port, Duration.ofSeconds(2), Duration.ofSeconds(2));
        await(RECOVERY_LIMIT, () -> "the service on port " + port + " was not ready within " + RECOVERY_LIMIT.toSeconds() + " s", () -> {
            try {
                return probe.get("/health/readiness").statusCode() == 200;
            } catch (Http.Unreachable notYet) {
                return false;
            }
        });
    }

    static void awaitPort(int port) throws Exception {
        await(Duration.ofSeconds(60), () -> "port " + port + " did not open again within 60 s", () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (ConnectException notYet) {
                return false;
            }
        });
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Asks {@code condition} every 100 ms until it holds; past {@code limit}, fails saying what {@code failure} says then. */
    static void await(Duration limit, Supplier<String> failure, Condition condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.holds()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(failure.get());
    }
}
