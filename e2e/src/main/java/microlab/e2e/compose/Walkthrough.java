package microlab.e2e.compose;

import com.fasterxml.jackson.databind.JsonNode;
import microlab.e2e.Exec;
import microlab.e2e.Http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Two scenarios on plain Docker, without compose: each docker command is printed ({@code $ docker ...}) before it
 * runs, so the run reads as the walkthrough it is, and what the scenario claims is checked at the end.
 * <ul>
 *   <li>{@code volume} (compose/scenario-2-volume.sh): state written by one forecast container is read by the next
 *       one, after the first was removed;</li>
 *   <li>{@code network} (compose/scenario-4-network.sh): users-service and consumer-service on a user-defined
 *       network find each other by name, and only consumer-service is published.</li>
 * </ul>
 * Everything it creates is removed at the end (the volume of {@code volume} aside), also after a failure.
 */
public final class Walkthrough {

    static final String VOLUME_USAGE = """
            Usage: compose/scenario-2-volume.sh [--network NAME] [--keep-volume]

            Runs the forecast image twice with 'docker run --rm -v microlab-forecast-state:/data'. The first
            container counts boot 1, fits models and saves them on the volume, and is removed. The second one, on
            the same volume, reports boot 2 and loads the saved models instead of fitting them again
            (GET /forecast/status).

              --network NAME   an existing Docker network on which PostgreSQL answers as 'postgres' (database and
                               role 'forecast') and Redis as 'redis', e.g. the compose stack's (compose_microlab).
                               Without it, a throwaway PostgreSQL and Redis ($POSTGRES_IMAGE, default
                               postgres:17-alpine, $REDIS_IMAGE, default redis:7-alpine) on a network of their own.
              --keep-volume    keep what the volume holds (boot counts continue); by default it is made anew.

            Needs Docker and the image microlab/forecast:0.1.0 (docker build --build-arg SERVICE=forecast
            -t microlab/forecast:0.1.0 .). FORECAST_DB_PASSWORD (default forecast). The volume stays:
            docker volume rm microlab-forecast-state
            """;

    static final String NETWORK_USAGE = """
            Usage: compose/scenario-4-network.sh [--keep]

            Runs users-service (with its PostgreSQL and Redis) and consumer-service on a user-defined Docker network
            with plain 'docker network create' and 'docker run'; they find each other by name. Only consumer-service
            is published, on localhost:$HOST_PORT (default 8080), and its /summary reads users-service. Then it
            removes what it created.

              --keep   leave the containers and the network running; it prints how to remove them

            Environment: HOST_PORT, IMAGE_TAG (default 0.1.0; missing images are built from the repository),
            POSTGRES_IMAGE, REDIS_IMAGE (default postgres:17-alpine, redis:7-alpine).
            """;

    private final Map<String, String> env = System.getenv();
    private final String postgresImage = env.getOrDefault("POSTGRES_IMAGE", "postgres:17-alpine");
    private final String redisImage = env.getOrDefault("REDIS_IMAGE", "redis:7-alpine");
    /** what to remove at the end, newest first: "container NAME" or "network NAME" */
    private final List<String> created = new ArrayList<>();

    public static void main(String[] args) {
        List<String> options = List.of(args).subList(Math.min(1, args.length), args.length);
        String scenario = args.length == 0 ? "" : args[0];
        if (options.contains("-h") || options.contains("--help")) {
            System.out.print(scenario.equals("volume") ? VOLUME_USAGE : NETWORK_USAGE);
            return;
        }
        List<String> known = scenario.equals("volume") ? List.of("--network", "--keep-volume") : List.of("--keep");
        for (int i = 0; i < options.size(); i++) {
            if (!known.contains(options.get(i)) && !(i > 0 && options.get(i - 1).equals("--network"))) {
                System.err.println("scenario: unknown argument '" + options.get(i) + "' (see --help)");
                System.exit(2);
            }
        }
        Walkthrough walk = new Walkthrough();
        boolean ok = false;
        boolean keep = options.contains("--keep");
        try {
            Exec.check("docker", "info");
            switch (scenario) {
                case "volume" -> walk.volume(options);
                case "network" -> walk.network(keep);
                default -> throw new IllegalArgumentException("volume or network, then its options; got " + List.of(args));
            }
            ok = true;
        } catch (RuntimeException e) {
            System.err.println("\nscenario: " + e.getMessage());
        } finally {
            walk.cleanup(ok, keep);
        }
        System.exit(ok ? 0 : 1);
    }

    /** Scenario 2: boot 1 fits and saves on the volume; the next container on it reports boot 2 and loads them. */
    void volume(List<String> options) {
        String image = "microlab/forecast:0.1.0";
        String volume = "microlab-forecast-state";
        String name = "microlab-s2-forecast";
        int at = options.indexOf("--network");
        String network = at >= 0 && at + 1 < options.size() ? options.get(at + 1) : null;
        require(Exec.run("docker", "image", "inspect", image).ok(), "image " + image + " is missing; build it from the repository "
                + "root: docker build --build-arg SERVICE=forecast -t " + image + " .");
        String password = env.getOrDefault("FORECAST_DB_PASSWORD", "forecast");
        if (network == null) {
            network = "microlab-s2";
            step("a throwaway PostgreSQL and Redis on the network " + network);
            stores(network, "microlab-s2", List.of("-e", "POSTGRES_USER=forecast", "-e", "POSTGRES_PASSWORD=" + password,
                    "-e", "POSTGRES_DB=forecast"), "forecast");
        } else {
            require(Exec.run("docker", "network", "inspect", network).ok(), "there is no Docker network '" + network + "'");
        }
        if (!options.contains("--keep-volume")) {
            step("the volume " + volume + " made anew, so that the walkthrough starts at boot 1");
            Exec.run("docker", "volume", "rm", volume);
        }
        show("docker", "volume", "create", volume);
        List<String> run = List.of("docker", "run", "-d", "--rm", "--name", name, "--network", network,
                "-v", volume + ":/data", "-e", "FORECAST_STATE_DIR=/data",
                "-e", "DATASOURCES_DEFAULT_URL=jdbc:postgresql://postgres:5432/forecast", "-e", "DATASOURCES_DEFAULT_USERNAME=forecast",
                "-e", "DATASOURCES_DEFAULT_PASSWORD=" + password, "-e", "REDIS_URI=redis://redis:6379", image);

        step("the first container: boot, fit models, save them on the volume");
        created.add(0, "container " + name);
        show(run.toArray(String[]::new));
        awaitReady(name, 8084, 180);
        show("docker", "exec", name, "curl", "-fsS", "--max-time", "120", "http://localhost:8084/forecast/BTC?model=theta&horizon=30");
        show("docker", "exec", name, "curl", "-fsS", "--max-time", "120", "http://localhost:8084/forecast/ETH?model=auto&horizon=30");
        JsonNode first = Http.read(show("docker", "exec", name, "curl", "-fsS", "http://localhost:8084/forecast/status"), JsonNode.class);
        logLines(name, "Boot \\d+|Fitted|state directory");
        step("the first container removed (docker stop; --rm deletes it)");
        show("docker", "stop", name);
        await("the first container is gone", 10, () -> !Exec.run("docker", "inspect", name).ok());

        int expected = first.path("bootCount").asInt() + 1;
        step("a second container on the same volume: boot " + expected + ", the models loaded from the volume");
        show(run.toArray(String[]::new));
        awaitReady(name, 8084, 180);
        JsonNode second = Http.read(show("docker", "exec", name, "curl", "-fsS", "http://localhost:8084/forecast/status"), JsonNode.class);
        logLines(name, "Boot \\d+|Loaded .* from the state directory");
        require(second.path("bootCount").asInt() == expected, "expected boot " + expected + " after the restart, got " + second.path("bootCount"));
        require(second.path("modelsLoadedFromState").asBoolean(), "the second container did not load any model from the volume");
        step("scenario 2 shown: boot " + expected + ", the models read from the volume " + volume + " instead of fitted again");
    }

    /** Scenario 4: two services and their stores on a network of their own, found by name; one published port. */
    void network(boolean keep) {
        String tag = env.getOrDefault("IMAGE_TAG", "0.1.0");
        String port = env.getOrDefault("HOST_PORT", "8080");
        String network = "microlab-scenario4";
        for (String module : List.of("users-service", "consumer-service")) {
            if (!Exec.run("docker", "image", "inspect", "microlab/" + module + ":" + tag).ok()) {
                step("building microlab/" + module + ":" + tag);
                require(Exec.stream(List.of("docker", "build", "--build-arg", "SERVICE=" + module, "-t", "microlab/" + module + ":" + tag, "."),
                        Map.of()) == 0, "the image microlab/" + module + " did not build (output above)");
            }
        }
        step("PostgreSQL as 'postgres' (its init script creates the users database and role) and Redis as 'redis'");
        stores(network, "microlab-s4", List.of("-e", "POSTGRES_PASSWORD=postgres", "-e", "USERS_DB_PASSWORD=users",
                "-e", "ORDERS_DB_PASSWORD=orders", "-e", "FORECAST_DB_PASSWORD=forecast",
                "-v", Path.of("compose/postgres-init").toAbsolutePath() + ":/docker-entrypoint-initdb.d:ro"), "users");

        step("users-service as 'users-service', not published");
        created.add(0, "container microlab-s4-users-service");
        show("docker", "run", "-d", "--name", "microlab-s4-users-service", "--network", network, "--network-alias", "users-service",
                "-e", "DATASOURCES_DEFAULT_URL=jdbc:postgresql://postgres:5432/users", "-e", "DATASOURCES_DEFAULT_USERNAME=users",
                "-e", "DATASOURCES_DEFAULT_PASSWORD=users", "-e", "REDIS_URI=redis://redis:6379", "microlab/users-service:" + tag);
        awaitReady("microlab-s4-users-service", 8081, 120);

        step("consumer-service, published as localhost:" + port + ", calling http://users-service:8081");
        created.add(0, "container microlab-s4-consumer-service");
        show("docker", "run", "-d", "--name", "microlab-s4-consumer-service", "--network", network, "-p", "127.0.0.1:" + port + ":8083",
                "-e", "MICRONAUT_HTTP_SERVICES_USERS_URL=http://users-service:8081", "microlab/consumer-service:" + tag);
        awaitReady("microlab-s4-consumer-service", 8083, 120);

        step("curl localhost:" + port + "/summary");
        show("curl", "-fsS", "http://localhost:" + port + "/summary");
        step("users-service has no published port: docker port prints nothing for it");
        require(show("docker", "port", "microlab-s4-users-service").isBlank(), "users-service publishes a port");
        if (keep) {
            step("left running; remove with: docker rm -fv microlab-s4-consumer-service microlab-s4-users-service "
                    + "microlab-s4-redis microlab-s4-postgres && docker network rm " + network);
        }
    }

    /** a network, PostgreSQL as 'postgres' and Redis as 'redis' on it; waits until the database answers */
    private void stores(String network, String prefix, List<String> postgresSettings, String database) {
        if (!Exec.run("docker", "network", "inspect", network).ok()) {
            created.add(0, "network " + network);
            show("docker", "network", "create", network);
        }
        Exec.run("docker", "rm", "-fv", prefix + "-postgres", prefix + "-redis");
        List<String> postgres = new ArrayList<>(List.of("docker", "run", "-d", "--name", prefix + "-postgres", "--network", network,
                "--network-alias", "postgres"));
        postgres.addAll(postgresSettings);
        postgres.add(postgresImage);
        created.add(0, "container " + prefix + "-postgres");
        show(postgres.toArray(String[]::new));
        created.add(0, "container " + prefix + "-redis");
        show("docker", "run", "-d", "--name", prefix + "-redis", "--network", network, "--network-alias", "redis", redisImage);
        // no orchestrator: this does what depends_on does in compose
        await("PostgreSQL accepts connections", 60, () -> Exec.run("docker", "exec", prefix + "-postgres", "pg_isready", "-h", "127.0.0.1",
                "-U", database, "-d", database).ok());
    }

    /** until the service in the container answers its readiness; fails at once when the container is gone */
    private void awaitReady(String container, int port, int seconds) {
        await(container + " is ready", seconds, () -> {
            require(Exec.run("docker", "inspect", container).ok(), container + " exited while starting");
            return Exec.run("docker", "exec", container, "curl", "-fsS", "-o", "/dev/null", "http://localhost:" + port + "/health/readiness").ok();
        });
    }

    private static void await(String what, int seconds, BooleanSupplier done) {
        long started = System.nanoTime();
        while (!done.getAsBoolean()) {
            require(System.nanoTime() - started < Duration.ofSeconds(seconds).toNanos(), what + ": not within " + seconds + " s");
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        System.out.printf("   %s after %d s%n", what, (System.nanoTime() - started) / 1_000_000_000);
    }

    /** the container's log lines that match */
    private static void logLines(String container, String pattern) {
        Exec.run("docker", "logs", container).output().lines().filter(line -> line.matches(".*(" + pattern + ").*"))
                .forEach(line -> System.out.println("   " + line));
    }

    /**
     * prints the command as a shell shows it, runs it, prints its output (a long answer cut to its start) and returns
     * it whole; a failure stops the walkthrough
     */
    private static String show(String... command) {
        System.out.println("$ " + String.join(" ", command));
        String output = Exec.check(command).strip();
        if (output.length() > 400) {
            System.out.println(output.substring(0, 400) + " ... (" + output.length() + " characters)");
        } else if (!output.isEmpty()) {
            System.out.println(output);
        }
        return output;
    }

    private static void step(String what) {
        System.out.println("\n== " + what);
    }

    private static void require(boolean holds, String otherwise) {
        if (!holds) {
            throw new IllegalStateException(otherwise);
        }
    }

    /** Removes what it created, newest first; after a failure, each container's last lines first. */
    private void cleanup(boolean ok, boolean keep) {
        if (ok && keep) {
            return;
        }
        for (String thing : created) {
            String[] kindAndName = thing.split(" ", 2);
            if (!ok && kindAndName[0].equals("container")) {
                Exec.run("docker", "logs", "--tail", "20", kindAndName[1]).output().lines()
                        .forEach(line -> System.err.println(kindAndName[1] + ": " + line));
            }
        }
        if (!created.isEmpty()) {
            step("removing what the walkthrough created");
        }
        for (String thing : created) {
            String[] kindAndName = thing.split(" ", 2);
            Exec.run(kindAndName[0].equals("container") ? List.of("docker", "rm", "-fv", kindAndName[1])
                    : List.of("docker", "network", "rm", kindAndName[1]));
        }
    }
}
