package microlab.e2e.compose;

import com.fasterxml.jackson.databind.JsonNode;
import microlab.e2e.Http;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The steps of {@link ComposeRun} that check something, on the stack compose brought up, through the published
 * gateway and the docker CLI. Each prints what it saw and fails with the sentence that says what was wrong, having
 * named the containers whose logs tell more ({@link #concerned()}).
 * <ul>
 *   <li>healthy: every container of the project passes its healthcheck;</li>
 *   <li>scenario1: the client container's loop reaches users-service by name (its logs);</li>
 *   <li>scenario2: the forecast container removed and made again, with another address: through the gateway its
 *       boot count has risen by one and its fitted models came from the volume;</li>
 *   <li>lstm: an LSTM forecast in the read-only forecast container;</li>
 *   <li>ports: only the gateway publishes a host port;</li>
 *   <li>scale-out: users-service at two replicas, one restarted under {@link WriteLoad}: no request fails, no
 *       acknowledged write is lost; what each replica served.</li>
 * </ul>
 */
public final class ComposeChecks {

    static final String PLACEHOLDER = "microlab-e2e-placeholder";

    private final Docker docker;
    private final Http gateway;
    private final String base;
    private final Duration healthyTimeout;
    private final int loadSeconds;
    private final List<String> concerned = new ArrayList<>();

    ComposeChecks(Docker docker, String base, Duration healthyTimeout, int loadSeconds) {
        this.docker = docker;
        this.base = base;
        this.gateway = new Http(base, Duration.ofSeconds(10));
        this.healthyTimeout = healthyTimeout;
        this.loadSeconds = loadSeconds;
    }

    /** One of the checks by its name: healthy, scenario1, scenario2, lstm, ports, scale-out. */
    void run(String step) throws InterruptedException {
        switch (step) {
            case "healthy" -> healthy();
            case "scenario1" -> scenario1();
            case "scenario2" -> scenario2();
            case "lstm" -> lstm();
            case "ports" -> ports();
            case "scale-out" -> scaleOut(loadSeconds);
            default -> throw new Docker.Failure("no step " + step + " (" + String.join(", ", ComposeRun.STEPS) + ")");
        }
    }

    /** The containers whose logs tell more about the last check's failure. */
    List<String> concerned() {
        return List.copyOf(concerned);
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new Docker.Failure(message);
        }
    }

    void concern(List<String> containers) {
        concerned.clear();
        concerned.addAll(containers);
    }

    private String one(String service) {
        List<String> ids = docker.containersOf(service);
        require(!ids.isEmpty(), "compose has no " + service + " container");
        return ids.get(0);
    }

    void healthy() throws InterruptedException {
        long started = System.nanoTime();
        List<String> containers = docker.projectContainers();
        concern(containers);
        docker.awaitHealthy(healthyTimeout, containers);
        System.out.printf("all %d containers healthy (%d s waited here, after compose up returned)%n", containers.size(),
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
        // which Netty transport the gateway runs on (epoll, from the library the image carries in /app/native)
        docker.compose("logs", "--no-color", "gateway").lines().filter(l -> l.contains("Netty transport")).findFirst()
                .ifPresent(l -> System.out.println(l.strip()));
    }

    void scenario1() {
        concern(List.of(one("client")));
        List<String> lines = docker.compose("logs", "--no-color", "client").lines().filter(l -> l.contains("users-service answered")).toList();
        require(!lines.isEmpty(), "the client loop has no answer from users-service in its logs");
        lines.subList(Math.max(0, lines.size() - 3), lines.size()).forEach(System.out::println);
    }

    private String address(String container) {
        return docker.inspect("{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", container);
    }

    void scenario2() throws InterruptedException {
        concern(List.of(one("forecast"), one("gateway")));
        HttpResponse<String> first = new Http(base, Duration.ofSeconds(120)).get("/forecast/BTC?model=theta&horizon=7");
        require(first.statusCode() == 200, "the first forecast answered " + first.statusCode() + ": " + first.body());
        JsonNode before = gateway.getJson("/forecast/status", JsonNode.class);
        String oldAddress = address(one("forecast"));
        System.out.printf("before: boot %s, forecast at %s%n", before.path("bootCount"), oldAddress);
        docker.compose("rm", "-sf", "forecast");
        // A stand-in takes the freed address (the engine hands out the lowest free one), so the new container gets
        // another address and the gateway has to look the name up again to reach it.
        docker.docker("run", "-d", "--rm", "--name", PLACEHOLDER, "--network", docker.project() + "_microlab",
                System.getenv().getOrDefault("CURL_IMAGE", "curlimages/curl:8.8.0"), "sleep", "300");
        try {
            docker.compose("up", "-d", "forecast");
            String forecast = one("forecast");
            concern(List.of(forecast, one("gateway")));
            docker.awaitHealthy(Duration.ofSeconds(180), List.of(forecast));
            long healthyAt = System.nanoTime();
            JsonNode after = Http.await("the gateway to reach the new forecast container", Duration.ofSeconds(15),
                    () -> gateway.getJson("/forecast/status", JsonNode.class));
            String newAddress = address(forecast);
            System.out.printf("after:  boot %s, forecast at %s; the gateway answered %.1f s after the container turned healthy%n",
                    after.path("bootCount"), newAddress, (System.nanoTime() - healthyAt) / 1e9);
            System.out.printf("after:  modelsLoadedFromState %s, modelsLoaded %s%n", after.path("modelsLoadedFromState"), after.path("modelsLoaded"));
            require(!newAddress.equals(oldAddress), "the new container has the old address; the gateway's lookup went untested");
            require(after.path("bootCount").asLong() == before.path("bootCount").asLong() + 1, "the boot count did not rise by one");
            require(after.path("modelsLoadedFromState").asBoolean(), "no model was loaded from the volume");
        } finally {
            docker.docker("rm", "-f", PLACEHOLDER);
        }
    }

    void lstm() {
        String forecast = one("forecast");
        concern(List.of(forecast));
        System.out.println(docker.inspect("forecast container: read-only root {{.HostConfig.ReadonlyRootfs}}, tmpfs {{.HostConfig.Tmpfs}}, user {{.Config.User}}", forecast));
        long started = System.nanoTime();
        HttpResponse<String> r = new Http(base, Duration.ofSeconds(240)).get("/forecast/BTC?model=lstm&horizon=7");
        System.out.printf("status %d in %.1f s%n", r.statusCode(), (System.nanoTime() - started) / 1e9);
        require(r.statusCode() == 200, "the LSTM forecast answered " + r.statusCode() + ": " + r.body().substring(0, Math.min(600, r.body().length())));
    }

    void ports() {
        List<String> wrong = new ArrayList<>();
        for (String c : docker.projectContainers()) {
            String name = docker.name(c);
            String published = docker.docker("port", c).strip().replace('\n', ' ');
            System.out.printf("  %s: %s%n", name, published.isEmpty() ? "no host port" : published);
            if (name.contains("gateway") == published.isEmpty()) {
                wrong.add(name);
            }
        }
        require(wrong.isEmpty(), "a container other than the gateway publishes a port, or the gateway none: " + wrong);
    }

    /**
     * users-service at two replicas; under load through the gateway one replica is restarted (SIGTERM, its graceful
     * shutdown, start, healthy again). The gateway spreads its connections over every address of the name and sends a
     * request on to the next replica where it may (gateway/src/main/java/microlab/gateway/proxy/Replicas.java).
     */
    void scaleOut(int seconds) throws InterruptedException {
        docker.compose("up", "-d", "--no-recreate", "--scale", "users-service=2", "users-service");
        List<String> replicas = docker.containersOf("users-service");
        List<String> concern = new ArrayList<>(replicas);
        concern.add(one("gateway"));
        concern(concern);
        require(replicas.size() == 2, "expected 2 users-service replicas, found " + replicas.size());
        docker.awaitHealthy(healthyTimeout, replicas);
        Thread.sleep(6000); // the gateway's DNS cache (5 s) learns the second address
        CompletableFuture<Boolean> load = CompletableFuture.supplyAsync(() -> new WriteLoad(base).run(4, Duration.ofSeconds(seconds)));
        Thread.sleep(10_000);
        System.out.println("restarting replica " + docker.name(replicas.get(1)) + " under load");
        docker.docker("restart", "-t", "30", replicas.get(1));
        docker.awaitHealthy(healthyTimeout, List.of(replicas.get(1)));
        System.out.println("it is healthy again; the load goes on until " + seconds + " s");
        boolean ok = load.join();
        for (String c : replicas) {
            long served = docker.docker("exec", c, "curl", "-fsS", "http://localhost:8081/prometheus").lines()
                    .filter(l -> l.startsWith("http_server_requests_seconds_count") && l.contains("uri=\"/users"))
                    .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            System.out.printf("  replica %s served %d requests%n", docker.name(c), served);
        }
        docker.compose("up", "-d", "--no-recreate", "--scale", "users-service=1", "users-service");
        require(ok, "requests failed or writes were lost across the replica restart (above)");
    }
}
