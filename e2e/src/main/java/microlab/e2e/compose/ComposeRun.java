package microlab.e2e.compose;

import microlab.e2e.Exec;
import microlab.e2e.Http;
import microlab.e2e.smoke.Smoke;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * compose/docker-e2e.sh: the Docker path end to end on a real engine. Builds the images as compose does, brings the
 * stack up, checks it through the published gateway ({@link ComposeChecks}), runs the two scenario walkthroughs,
 * builds once more with JKube and leaves nothing behind. One line per step with its time; a failed step shows its
 * containers' logs, takes the stack down when this run brought it up (unless {@code --keep}), and the run exits 1.
 * <p>
 * Usage: {@code ComposeRun [--compose "docker compose -f compose/compose.yaml"] [--project compose] [--base URL]
 * [--healthy-timeout 300] [--load-seconds 40] [--scenario4-port 18083] [--keep] [STEP...]} (default every step).
 */
public final class ComposeRun {

    static final List<String> STEPS = List.of("build", "up", "smoke", "scenario1", "scenario2", "lstm", "ports", "scale-out",
            "volume-sh", "network-sh", "jkube", "down");
    private static final String JKUBE_CONTAINER = "microlab-e2e-jkube";
    /** The build settings compose reads that JKube's docker build gets too. */
    private static final List<String> BUILD_ARGS = List.of("JDK_IMAGE", "RUNTIME_IMAGE", "MAVEN_MIRROR_URL");

    private final Docker docker;
    private final ComposeChecks checks;
    private final String base;
    private final String scenario4Port;
    private final long started = System.nanoTime();

    private ComposeRun(Docker docker, ComposeChecks checks, String base, String scenario4Port) {
        this.docker = docker;
        this.checks = checks;
        this.base = base;
        this.scenario4Port = scenario4Port;
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> compose = List.of("docker", "compose", "-f", "compose/compose.yaml");
        String project = "compose";
        String base = "http://localhost:8080";
        int healthy = 300;
        int loadSeconds = 40;
        String scenario4Port = "18083";
        boolean keep = false;
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--compose" -> compose = Arrays.asList(args[++i].trim().split("\\s+"));
                case "--project" -> project = args[++i];
                case "--base" -> base = args[++i];
                case "--healthy-timeout" -> healthy = Integer.parseInt(args[++i]);
                case "--load-seconds" -> loadSeconds = Integer.parseInt(args[++i]);
                case "--scenario4-port" -> scenario4Port = args[++i];
                case "--keep" -> keep = true;
                default -> steps.add(args[i]);
            }
        }
        Docker docker = new Docker(compose, project);
        ComposeRun run = new ComposeRun(docker, new ComposeChecks(docker, base, Duration.ofSeconds(healthy), loadSeconds), base,
                scenario4Port);
        if (steps.isEmpty()) {
            steps.addAll(keep ? STEPS.subList(0, STEPS.size() - 1) : STEPS);
        }
        System.exit(run.run(steps, keep) ? 0 : 1);
    }

    private boolean run(List<String> steps, boolean keep) throws InterruptedException {
        // A run that brings the stack up takes it down again with `down -v`, also after a failure: it must never take
        // over (and delete the volumes of) a stack already there. A run of some steps on a stack already up leaves
        // it as it is, also after a failure.
        boolean ownsStack = steps.contains("up");
        if (ownsStack && !docker.projectContainers().isEmpty()) {
            System.out.println("docker-e2e: a compose stack of this project already exists (" + String.join(" ", docker.composeCommand())
                    + " ps); stop it first (down, or down -v to drop its volumes too), then run this again.");
            return false;
        }
        TreeSet<String> before = snapshot();
        for (String step : steps) {
            long stepStarted = System.nanoTime();
            System.out.println();
            say("== " + step);
            try {
                runStep(step, before);
                say("== " + step + ": ok in " + seconds(stepStarted) + " s");
            } catch (Docker.Failure | Exec.Failed | Http.Unreachable | IllegalStateException e) {
                System.out.println(e.getMessage());
                say("== " + step + ": FAILED after " + seconds(stepStarted) + " s");
                showLogs(checks.concerned().isEmpty() ? docker.projectContainers() : checks.concerned());
                say("FAILED in step " + step);
                quietly("docker", "rm", "-f", ComposeChecks.PLACEHOLDER, JKUBE_CONTAINER);
                if (ownsStack && !keep) {
                    quietly(docker.composeCommand("down", "-v", "--remove-orphans"));
                    quietly("docker", "volume", "rm", "microlab-forecast-state");
                }
                return false;
            }
        }
        if (keep) {
            say("--keep: the stack is still running; stop it with: " + String.join(" ", docker.composeCommand("down", "-v")));
        }
        say("passed");
        return true;
    }

    private void runStep(String step, TreeSet<String> before) throws InterruptedException {
        checks.concern(List.of());
        switch (step) {
            case "build" -> {
                stream(docker.composeCommand("build"), Map.of());
                images("{{.Repository}}:{{.Tag}} {{.Size}}");
            }
            case "up" -> {
                stream(docker.composeCommand("up", "-d"), Map.of());
                checks.healthy();
                System.out.print(docker.compose("ps"));
            }
            case "smoke" -> ComposeChecks.require(Smoke.check(base) == 0, "the smoke failed (its lines above)");
            case "volume-sh" -> {
                stream(List.of("compose/scenario-2-volume.sh"), Map.of());
                docker.docker("volume", "rm", "microlab-forecast-state");
            }
            case "network-sh" -> stream(List.of("compose/scenario-4-network.sh"), Map.of("HOST_PORT", scenario4Port));
            case "jkube" -> jkube();
            case "down" -> down(before);
            default -> checks.run(step);
        }
    }

    /**
     * ./mvnw clean package k8s:build (the docker build strategy, the same Dockerfile), then the consumer-service image
     * it built answers /summary from users-service on the stack's network. clean: JKube assembles each context under
     * target/docker and never empties it, so a file deleted since the last build would still be in the context.
     */
    private void jkube() throws InterruptedException {
        List<String> mvn = new ArrayList<>(List.of("./mvnw", "-B", "-q", "clean", "package", "k8s:build", "-DskipTests",
                "-DskipDeployChecks"));
        for (String arg : BUILD_ARGS) {
            String value = System.getenv(arg);
            if (value != null && !value.isEmpty()) {
                mvn.add("-Ddocker.buildArg." + arg + "=" + value);
            }
        }
        stream(mvn, Map.of());
        images("{{.Repository}}:{{.Tag}} {{.ID}} {{.CreatedSince}}");
        docker.docker("run", "-d", "--name", JKUBE_CONTAINER, "--network", docker.project() + "_microlab", "--read-only",
                "--tmpfs", "/tmp", "--cap-drop", "ALL", "-e", "MICRONAUT_HTTP_SERVICES_USERS_URL=http://users-service:8081",
                "microlab/consumer-service:0.1.0");
        checks.concern(List.of(JKUBE_CONTAINER));
        long waited = System.nanoTime();
        Http.await("the JKube-built consumer-service to be ready", Duration.ofSeconds(60),
                () -> docker.docker("exec", JKUBE_CONTAINER, "curl", "-fsS", "-o", "/dev/null", "http://localhost:8083/health/readiness"));
        String summary = docker.docker("exec", JKUBE_CONTAINER, "curl", "-fsS", "--max-time", "10", "http://localhost:8083/summary");
        System.out.printf("the JKube-built consumer-service, ready after %d s, answers /summary from users-service:%n%s%n",
                seconds(waited), summary.substring(0, Math.min(300, summary.length())));
        docker.docker("rm", "-fv", JKUBE_CONTAINER);
    }

    /** compose down -v, then no container, network or volume is left that was not there before the run. */
    private void down(TreeSet<String> before) {
        stream(docker.composeCommand("down", "-v", "--remove-orphans"), Map.of());
        TreeSet<String> left = snapshot();
        left.removeAll(before);
        ComposeChecks.require(left.isEmpty(), "left behind by this run: " + left);
        System.out.println("no container, network or volume of this run is left");
    }

    /** What exists on the engine: "container ID", "network ID", "volume NAME". */
    private TreeSet<String> snapshot() {
        TreeSet<String> all = new TreeSet<>();
        Map<String, List<String>> lists = new LinkedHashMap<>();
        lists.put("container", List.of("ps", "-aq", "--no-trunc"));
        lists.put("network", List.of("network", "ls", "-q", "--no-trunc"));
        lists.put("volume", List.of("volume", "ls", "-q"));
        lists.forEach((kind, args) -> docker.docker(args.toArray(String[]::new)).lines().filter(l -> !l.isBlank())
                .forEach(id -> all.add(kind + " " + id)));
        return all;
    }

    private void images(String format) {
        docker.docker("images", "--format", format).lines().filter(l -> l.startsWith("microlab/")).sorted()
                .forEach(l -> System.out.println("  image " + l));
    }

    private void showLogs(List<String> containers) {
        for (String c : containers) {
            Exec logs = Exec.run("docker", "logs", "--tail", "30", c);
            System.out.printf("%n---- last log lines of %s ----%n%s", quietlyName(c), logs.output());
        }
    }

    private String quietlyName(String container) {
        try {
            return docker.name(container);
        } catch (Docker.Failure e) {
            return container;
        }
    }

    private static void stream(List<String> command, Map<String, String> env) {
        int exit = Exec.stream(command, new HashMap<>(env));
        ComposeChecks.require(exit == 0, String.join(" ", command) + " failed (exit " + exit + ")");
    }

    private static void quietly(String... command) {
        Exec.run(command);
    }

    private static void quietly(List<String> command) {
        Exec.run(command);
    }

    private void say(String line) {
        System.out.printf("docker-e2e: [%4ds] %s%n", seconds(started), line);
    }

    private static long seconds(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toSeconds();
    }
}
