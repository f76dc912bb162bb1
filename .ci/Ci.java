import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Continuous integration on a fresh clone, as root with no standard input ({@code .ci/run} starts it once a JDK is
 * there). Phase by phase, each with its time and its limit:
 * <ol>
 *   <li>machine: the machine noted as it was ({@code .ci/Leftovers.java}); install: the Debian packages CI needs;</li>
 *   <li>apiserver: every Kubernetes overlay against a real API server ({@code .ci/kind/apiserver-check.sh});</li>
 *   <li>test: every test ({@code bin/test}); up, smoke, chaos, down: the bare JVM path end to end;</li>
 *   <li>docker: the compose path on a real engine of CI's own ({@code .ci/docker/phase.sh});</li>
 *   <li>kube: the project on a kind cluster on that engine ({@code .ci/kind/phase.sh});</li>
 *   <li>observe: traces and metrics against a real Jaeger and Prometheus ({@code .ci/observability-check.sh});</li>
 *   <li>leftovers: the run fails when it left a process, a listener, a /tmp entry or a kind context behind.</li>
 * </ol>
 * Everything is stopped again at the end, also after a failure or a TERM. The kube and observe phases build their
 * parts from the Go module proxy when they are not cached; when too little of CI's time is left for that, they are
 * skipped, and the summary says so. Limits (seconds) come from the environment: TEST_TIMEOUT, UP_TIMEOUT, ...
 */
public class Ci {

    /** Debian packages CI needs, each with a command that shows it is already there. Add new needs here. */
    static final Map<String, String> PACKAGES = ordered("curl", "curl", "openjdk-17-jdk-headless", "java",
            "chromium", "chromium", "chromium-driver", "chromedriver", "docker-compose", "docker-compose",
            "yamllint", "yamllint", "docker.io", "dockerd", "debootstrap", "debootstrap", "iproute2", "ip",
            "jq", "jq", "openssl", "openssl", "gcc", "gcc");

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path MACHINE_BEFORE = ROOT.resolve(".run/ci/machine-before.txt");
    static final long STARTED = System.nanoTime();

    final Map<String, String> env = new HashMap<>();
    final List<String> summary = new ArrayList<>();
    String failedPhase;
    Path dockerDir;
    boolean upStarted;
    volatile Process current;
    /** a TERM or Ctrl-C arrived: no phase starts any more but down and leftovers */
    volatile boolean signalled;

    public static void main(String[] args) {
        Ci ci = new Ci();
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            // a TERM or Ctrl-C: the phase running is ended, then everything stops as after a failure
            ci.signalled = true;
            Process phase = ci.current;
            if (phase != null) {
                phase.destroy();
            }
            try {
                main.join(Duration.ofMinutes(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        int status = ci.run();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            System.exit(status);
        } catch (IllegalStateException signalledJustNow) {
            // the hook runs: it waits for this thread to end
        }
        // signalled: the JVM ends with the signal's status once this thread is done
    }

    int run() {
        env.put("CI", System.getenv().getOrDefault("CI", "true"));
        env.put("DEBIAN_FRONTEND", "noninteractive");
        // every process the run starts inherits this mark (.ci/Leftovers.java finds what is left by it)
        env.put("MICROLAB_CI_RUN", System.getenv().getOrDefault("MICROLAB_CI_RUN", UUID.randomUUID().toString()));
        note("commit " + output("git", "rev-parse", "--short", "HEAD") + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, " + output("java", "-version").lines().findFirst().orElse("no java"));
        boolean ok = phase("machine", "sh", "-c", "java .ci/Leftovers.java self-test && java .ci/Leftovers.java before \"$0\"",
                MACHINE_BEFORE.toString())
                && install()
                && phase("apiserver", limit("APISERVER_TIMEOUT", 1200), ".ci/kind/apiserver-check.sh")
                && phase("test", limit("TEST_TIMEOUT", 2400), "bin/test");
        if (ok) {
            upStarted = true;
            // chaos: part of the fault suite (the whole takes 4 minutes): an orders-service killed mid-write,
            // PostgreSQL and Redis stopped for 10 s each, under write load; nothing lost, no duplicate, no 500
            ok = phase("up", limit("UP_TIMEOUT", 600), "bin/up", "--detach")
                    && phase("smoke", limit("SMOKE_TIMEOUT_S", 300), "bin/smoke", "http://localhost:8080")
                    && phase("chaos", limit("CHAOS_TIMEOUT", 420), "bin/chaos", "baseline", "orders-service", "postgres", "redis");
            if (ok) {
                upStarted = false;
                ok = phase("down", "bin/down");
            }
        }
        ok = ok && phase("docker", limit("DOCKER_TIMEOUT", 1500), ".ci/docker/phase.sh", dockerDir().toString())
                // cold, the kind parts take about 26 minutes to build and the cluster and its checks 10; CI must end within 80
                && (skipped("kube", "the kind cluster's parts", 26, coldStartLimit("KUBE_COLD_START_LIMIT", 2400))
                        || phase("kube", limit("KUBE_TIMEOUT", 3000), ".ci/kind/phase.sh", dockerDir.toString()))
                // cold, Jaeger's and Prometheus' builds take about 12 minutes, the check 2
                && (skipped("observe", "Jaeger and Prometheus", 12, coldStartLimit("OBSERVE_COLD_START_LIMIT", 3840), "jaeger", "prometheus")
                        || phase("observe", limit("OBSERVE_TIMEOUT", 1500), ".ci/observability-check.sh"));
        return finish(ok);
    }

    /** Stops what the run started, checks what it left, prints the summary. */
    int finish(boolean ok) {
        if (upStarted) {
            if (!ok) {
                showServiceLogs();
            }
            ok &= phase("down", "bin/down");
        } else if (Files.isDirectory(ROOT.resolve(".run/pids")) && list(ROOT.resolve(".run/pids")).findAny().isPresent()) {
            // a private PostgreSQL or Redis kept for the later phases
            ok &= exec(List.of("bin/down")) == 0;
        }
        if (dockerDir != null) {
            if (Files.exists(dockerDir.resolve("kind-created"))) {
                ok &= exec(List.of("bash", "-c", "source \"$1/env\" && k8s/kind-down.sh", "-", dockerDir.toString())) == 0;
            }
            exec(List.of(".ci/docker/stop.sh", dockerDir.toString()));
            note("the Docker daemon is stopped and its data removed");
        }
        if (Files.exists(MACHINE_BEFORE)) {
            ok &= phase("leftovers", "java", ".ci/Leftovers.java", "after", MACHINE_BEFORE.toString(), "--ports",
                    "80,4317,4318,5432,6379,8080,8081,8082,8083,8084,8085,9090,16686,18080," + mirrorPort());
        } else {
            summary.add(String.format("%-8s %5s    %s", "leftovers", "-", "NOT CHECKED (the machine was not noted at the start)"));
            ok = false;
        }
        System.out.println("\n.ci/run: summary");
        summary.forEach(line -> System.out.println("  " + line));
        System.out.printf("  %-8s %5d s%n", "total", seconds());
        summary.stream().filter(line -> line.contains("SKIPPED")).forEach(line -> note("the " + line.split(" ")[0]
                + " phase was SKIPPED (cold cache, too little time left)"));
        note(ok ? "passed" : "FAILED in phase " + (failedPhase == null ? "setup" : failedPhase) + "; its output is above");
        return ok ? 0 : 1;
    }

    /** Runs one phase, prints its duration, records it for the summary; false when it failed. */
    boolean phase(String name, String... command) {
        if (signalled && !name.equals("down") && !name.equals("leftovers")) {
            return false;
        }
        long started = System.nanoTime();
        System.out.printf("%n.ci/run: ==== %s: %s%n", name, String.join(" ", command));
        int status = exec(List.of(command));
        long took = (System.nanoTime() - started) / 1_000_000_000;
        summary.add(String.format("%-8s %5d s  %s", name, took, status == 0 ? "ok" : "FAILED (exit " + status + ")"));
        System.out.printf(".ci/run: ==== %s took %d s%n", name, took);
        if (status != 0 && failedPhase == null) {
            failedPhase = name;
        }
        return status == 0;
    }

    /** a phase's command under coreutils' timeout: TERM at the limit, exit 124 */
    String[] limit(String variable, int seconds) {
        return new String[] {"timeout", System.getenv().getOrDefault(variable, Integer.toString(seconds))};
    }

    boolean phase(String name, String[] timeout, String... command) {
        return phase(name, Stream.concat(Stream.of(timeout), Stream.of(command)).toArray(String[]::new));
    }

    /** the second of the run until which a phase may start building its parts cold */
    long coldStartLimit(String variable, int seconds) {
        return Long.parseLong(System.getenv().getOrDefault(variable, Integer.toString(seconds)));
    }

    /**
     * true (and a SKIPPED line) when parts a phase builds are not cached and building them now would take CI past its
     * limit; parts: those of .ci/kind/build.sh (none: the kind cluster's)
     */
    boolean skipped(String name, String what, int minutes, long until, String... parts) {
        if (signalled) {
            return false;
        }
        List<String> command = new ArrayList<>(List.of(".ci/kind/build.sh", "--missing"));
        command.addAll(List.of(parts));
        String missing = output(command.toArray(String[]::new)).strip().replace('\n', ' ');
        long used = seconds();
        if (missing.isEmpty() || used <= until) {
            return false;
        }
        note("SKIPPED: " + what + " (" + missing + ") are not cached, and building them (about " + minutes + " minutes cold) "
                + "would take CI past its limit: " + used + " s used, the cold builds may start until " + until
                + " s. Warm the cache with .ci/kind/build.sh " + String.join(" ", parts));
        summary.add(String.format("%-8s %5d s  %s", name, 0, "SKIPPED (cold cache, too little time left)"));
        return true;
    }

    /** The Debian packages CI needs that are missing, with apt-get; the servers only when none answers. */
    boolean install() {
        List<String> missing = new ArrayList<>();
        PACKAGES.forEach((pkg, command) -> {
            if (exec(List.of("sh", "-c", "command -v " + command + " >/dev/null")) != 0) {
                missing.add(pkg);
            }
        });
        // the machine's own servers are used when they run: a second one next to a running one would fight it for the port
        if (exec(List.of("sh", "-c", "ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1")) != 0 && !listening(5432)) {
            missing.add("postgresql");
        }
        if (exec(List.of("sh", "-c", "command -v redis-server >/dev/null")) != 0 && !listening(6379)) {
            missing.add("redis-server");
        }
        if (missing.isEmpty()) {
            return phase("install", "echo", ".ci/run: every package CI needs is installed");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return phase("install", "echo", ".ci/run: cannot install " + String.join(" ", missing) + " (not root); the scripts say what they miss");
        }
        List<String> command = new ArrayList<>(List.of("sh", "-c", "echo \".ci/run: installing $*\" && apt-get update -qq "
                + "&& apt-get install -y -qq \"$@\" >/dev/null", "-"));
        command.addAll(missing);
        boolean ok = phase("install", command.toArray(String[]::new));
        env.put("APT_UPDATED", "1");
        return ok;
    }

    Path dockerDir() {
        try {
            dockerDir = Files.createTempDirectory(Path.of("/tmp"), "microlab-ci-docker.",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return dockerDir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String mirrorPort() {
        return System.getenv().getOrDefault("MAVEN_MIRROR_PORT", "38123");
    }

    void showServiceLogs() {
        list(ROOT.resolve(".run/logs")).filter(log -> log.toString().endsWith(".log")).sorted().forEach(log -> {
            System.out.printf("%n.ci/run: ---- last lines of %s ----%n", ROOT.relativize(log));
            exec(List.of("tail", "-n", "40", log.toString()));
        });
    }

    /** Runs a command with the run's environment, its output on the run's; its exit status. */
    int exec(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO().redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        builder.environment().put("MAVEN_MIRROR_PORT", mirrorPort());
        try {
            Process process = builder.start();
            current = process;
            int status = process.waitFor();
            current = null;
            return status;
        } catch (IOException e) {
            System.out.println(".ci/run: " + command.get(0) + ": " + e.getMessage());
            return 127;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** what a command prints (stdout and stderr), empty when it cannot run */
    String output(String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            process.waitFor();
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static Stream<Path> list(Path dir) {
        try {
            return Files.list(dir).toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    /** seconds since .ci/run began (CI_STARTED_AT, its epoch second), before a JDK was installed if none was */
    static long seconds() {
        String began = System.getenv("CI_STARTED_AT");
        return began == null ? (System.nanoTime() - STARTED) / 1_000_000_000 : System.currentTimeMillis() / 1000 - Long.parseLong(began);
    }

    static void note(String line) {
        System.out.println(".ci/run: " + line);
    }

    static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
