package microlab.e2e.bench;

import microlab.e2e.Exec;
import microlab.e2e.Http;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/bench startup}, the container rows: the images compose builds (microlab/SERVICE:VERSION), each started
 * alone with {@code docker run} as compose starts it (its memory limit, read-only root, user 10001, compose's
 * JAVA_OPTS), from {@code docker run} to 200 on /health/readiness through a port published on loopback 30000 above
 * the service's own, and the resident memory of its JVM (PID 1) then; with the AOT cache the image carries, and with
 * it turned off (-XX:AOTMode=off). PostgreSQL and Redis run beside them on a network of the bench's own, started once
 * and not measured. Nothing named microlab-bench-* is left behind, also on a failure or Ctrl-C.
 */
final class Containers {

    static final String PREFIX = "microlab-bench";
    static final String NETWORK = PREFIX;
    static final int PORT_OFFSET = 30000;

    private final Startup bench;

    Containers(Startup bench) {
        this.bench = bench;
    }

    /** compose/compose.yaml's memory limit of the service */
    static String limit(String service) {
        return service.equals("forecast") ? "1536m" : "448m";
    }

    /** compose/compose.yaml's JAVA_OPTS of the service */
    static String javaOpts(String service) {
        return service.equals("forecast") ? "-XX:MaxDirectMemorySize=64m -XX:+UseSerialGC"
                : "-XX:MaxRAMPercentage=40 -XX:MaxDirectMemorySize=32m -XX:+UseSerialGC";
    }

    /** compose's environment of the service, as NAME=value */
    static List<String> environment(String service, int usersPort) {
        List<String> env = new ArrayList<>();
        if (List.of("users-service", "orders-service", "forecast").contains(service)) {
            String db = service.replaceFirst("-service$", "");
            env.addAll(List.of("DATASOURCES_DEFAULT_URL=jdbc:postgresql://postgres:5432/" + db, "DATASOURCES_DEFAULT_USERNAME=" + db,
                    "DATASOURCES_DEFAULT_PASSWORD=" + db));
        }
        env.addAll(List.of("REDIS_URI=redis://redis:6379", "MICRONAUT_HTTP_SERVICES_USERS_URL=http://users-service:" + usersPort));
        if (service.equals("forecast")) {
            env.add("FORECAST_STATE_DIR=/tmp/state");
        }
        return env;
    }

    static String image(String service, String version) {
        return "microlab/" + service + ":" + version;
    }

    /** docker run of the service as compose runs it, published on loopback publish; aot false turns the cache off */
    static List<String> run(String service, int port, int usersPort, String version, boolean aot, int publish) {
        List<String> command = new ArrayList<>(List.of("docker", "run", "-d", "--rm", "--name", PREFIX + "-" + service,
                "--network", NETWORK, "--network-alias", service, "-m", limit(service), "-p", "127.0.0.1:" + publish + ":" + port,
                "--read-only", "--tmpfs", service.equals("forecast") ? "/tmp:exec,mode=1777" : "/tmp", "--user", "10001:10001",
                "--cap-drop", "ALL", "--security-opt", "no-new-privileges:true"));
        for (String variable : environment(service, usersPort)) {
            command.addAll(List.of("-e", variable));
        }
        command.addAll(List.of("-e", "JAVA_OPTS=" + javaOpts(service) + (aot ? "" : " -XX:AOTMode=off"), image(service, version)));
        return command;
    }

    /** PostgreSQL (compose's init script makes the three databases) and Redis */
    static List<List<String>> backing(Path postgresInit, String postgresImage, String redisImage) {
        return List.of(List.of("docker", "network", "create", NETWORK),
                List.of("docker", "run", "-d", "--rm", "--name", PREFIX + "-postgres", "--network", NETWORK, "--network-alias", "postgres",
                        "-e", "POSTGRES_PASSWORD=postgres", "-e", "USERS_DB_PASSWORD=users", "-e", "ORDERS_DB_PASSWORD=orders",
                        "-e", "FORECAST_DB_PASSWORD=forecast", "-v", postgresInit + ":/docker-entrypoint-initdb.d:ro", postgresImage),
                List.of("docker", "run", "-d", "--rm", "--name", PREFIX + "-redis", "--network", NETWORK, "--network-alias", "redis",
                        redisImage));
    }

    /** The table, or a line saying why there is none. */
    void rows() {
        if (!Exec.run("docker", "info").ok()) {
            bench.say("no Docker daemon answers: no container rows");
            return;
        }
        List<String> missing = bench.services.stream().map(s -> image(s, bench.version))
                .filter(image -> !Exec.run("docker", "image", "inspect", image).ok()).toList();
        if (!missing.isEmpty()) {
            bench.say("no container rows: " + String.join(" ", missing) + " not built (docker compose -f compose/compose.yaml build)");
            return;
        }
        Startup.createDirectories(bench.benchDir());
        cleanup();
        // on any exit, a failure or ^C included: nothing of the bench's is left behind
        Thread hook = new Thread(Containers::cleanup);
        Runtime.getRuntime().addShutdownHook(hook);
        bench.say("containers: " + Exec.run("docker", "version", "-f", "{{.Server.Version}}").firstLine()
                + " engine, the images as compose builds them");
        startBacking();
        bench.print("\n| container | start without the cache, median (min-max) | from the image's AOT cache | ratio | RSS without | RSS with | CPU without | CPU with |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (String service : bench.services) {
            StartFigures without = modeRuns(service, false);
            StartFigures with = modeRuns(service, true);
            bench.print(StartFigures.row(service, without, with) + "\n");
        }
        cleanup();
        Runtime.getRuntime().removeShutdownHook(hook);
    }

    static void cleanup() {
        List<String> remove = new ArrayList<>(List.of("docker", "rm", "-f"));
        Exec.run("docker", "ps", "-aq", "--filter", "name=^" + PREFIX + "-").output().lines()
                .filter(id -> !id.isBlank()).forEach(remove::add);
        if (remove.size() > 3) {
            Exec.run(remove);
        }
        Exec.run("docker", "network", "rm", NETWORK);
    }

    private void startBacking() {
        String postgres = System.getenv().getOrDefault("POSTGRES_IMAGE", "postgres:17-alpine");
        String redis = System.getenv().getOrDefault("REDIS_IMAGE", "redis:7-alpine");
        for (List<String> command : backing(Path.of("compose/postgres-init").toAbsolutePath(), postgres, redis)) {
            Exec.check(command.toArray(String[]::new));
        }
        String name = PREFIX + "-postgres";
        for (int i = 0; i < 600; i++) {
            if (Exec.run("docker", "exec", name, "pg_isready", "-q", "-h", "127.0.0.1", "-U", "postgres").ok()
                    && Exec.run("docker", "exec", name, "psql", "-qtA", "-U", "postgres", "-d", "forecast", "-c", "select 1").ok()) {
                return;
            }
            Startup.sleep(200);
        }
        throw new Startup.Failure("the bench's PostgreSQL container did not get ready within 2 minutes");
    }

    /** runs starts of the image, each stopped before the next; each start's "ms KiB" in SERVICE-container-MODE.runs */
    private StartFigures modeRuns(String service, boolean aot) {
        String name = PREFIX + "-" + service;
        int port = bench.ports.get(service);
        int publish = port + PORT_OFFSET;
        String url = "http://127.0.0.1:" + publish + "/health/readiness";
        List<long[]> measured = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < bench.runs; i++) {
            long launched = System.nanoTime();
            Exec.check(run(service, port, bench.ports.get("users-service"), bench.version, aot, publish).toArray(String[]::new));
            Http.awaitReady(url, Startup.READY_WITHIN,
                    () -> "true".equals(Exec.run("docker", "inspect", "-f", "{{.State.Running}}", name).output().strip()) ? null
                            : "container " + name + " exited while starting (docker logs is gone with it; run the image by hand to see why)",
                    () -> {
                        System.err.print(Exec.run("docker", "logs", "--tail", "30", name).output());
                        return name + " did not answer " + url + " within 2 minutes";
                    });
            long millis = (System.nanoTime() - launched) / 1_000_000;
            // the image has no tools to read it with: the container's java is a process of this machine too
            long pid = Long.parseLong(Exec.check("docker", "inspect", "-f", "{{.State.Pid}}", name).strip());
            long rss = Startup.vmRssOf(pid, "container " + name);
            measured.add(new long[] {millis, rss, ProcessCpu.millis(pid)});
            lines.append(millis).append(' ').append(rss).append('\n');
            Exec.check("docker", "stop", "-t", "30", name);
        }
        Startup.write(bench.benchDir().resolve(service + "-container-" + (aot ? "aot" : "plain") + ".runs"), lines.toString());
        return StartFigures.of(measured);
    }
}
