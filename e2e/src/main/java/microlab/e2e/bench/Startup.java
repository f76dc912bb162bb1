package microlab.e2e.bench;

import microlab.e2e.Exec;
import microlab.e2e.Http;
import microlab.e2e.Ports;
import microlab.launcher.Jvms;
import microlab.launcher.Local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/bench startup}'s measurements. Each service alone, from launch to 200 on /health/readiness, and its
 * resident memory (VmRSS) and the CPU time used by then; {@code --runs} starts per mode, the median printed with the
 * lowest and highest time. Modes: plain ({@code java -jar} with bin/up's flags) and aot (the same with the JDK's AOT
 * cache, trained first by one start that serves a few requests and stops; Java 25 or newer). Each service is ready without the
 * services it calls (its readiness is its own database and Redis), so none runs beside it. With
 * {@code --containers}, the same for the images ({@link Containers}).
 * <p>
 * {@code bin/bench startup [--no-build] [--no-containers | --containers] [SERVICE...]} ({@link #USAGE}). The bare
 * JVMs run as bin/up runs them (module launcher: its java, flags, PostgreSQL and Redis), from copies of the jars in
 * {@code .run/bench/jars} (a rebuild during the run changes nothing), {@link #portOffset} above the services' own
 * ports; logs, the runs and the caches go to {@code .run/bench}.
 */
public final class Startup {

    /** What a training start is asked before it stops: each service answers some of them. */
    static final List<String> TRAINING_PATHS = List.of("/", "/users/1", "/users", "/orders", "/summary", "/visits",
            "/forecast/symbols", "/health/readiness");
    static final Duration READY_WITHIN = Duration.ofMinutes(2);
    static final Duration STOP_WITHIN = Duration.ofSeconds(60);

    /** Ends the bench with one sentence: printed as "NAME: error: ..." and exit 1. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }

    /** VmRSS in KiB from the text of /proc/PID/status. */
    static long vmRss(String status) {
        Matcher m = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB").matcher(status);
        if (!m.find()) {
            throw new Failure("no VmRSS in /proc/<pid>/status");
        }
        return Long.parseLong(m.group(1));
    }

    /** The JVMs started and not yet stopped: sent TERM when the bench exits early (a failure, Ctrl-C). */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static final String USAGE = """
            Usage: bin/bench startup [--no-build] [--no-containers | --containers] [SERVICE...]

            Each service (default: all five) alone, RUNS starts per mode (default 5), on the same machine in the
            same run: launch to ready (median, min, max), resident memory and CPU time used at ready (medians), for
            a plain start and for a start from the JDK's AOT cache, and the ratio of the two. Then, when a Docker
            daemon answers and the images are built (docker compose -f compose/compose.yaml build), the same for the
            images: docker run as compose runs them, with their AOT cache and with it off.

              --no-build        use the jars as they are
              --no-containers   only the bare JVM rows
              --containers      only the container rows (no jar build, no bare JVM rows)

            Environment:
              SERVICE_JAVA   the java to run (default: as bin/up picks it, the newest Java 25 or newer installed,
                             else java on PATH); the AOT rows need Java 25 or newer
              RUNS           starts per mode (default 5)
            The services listen on 28080-28084, so it runs beside bin/up; PostgreSQL and Redis are provided as
            bin/up does. The figures are ratios on one machine in one run: a shared machine's absolute times vary.
            """;

    final String name = "bin/bench startup";
    int runs = 5;
    Path runDir;
    String version;
    final Map<String, Integer> ports = Local.ports();
    /** the bare JVMs listen this far above the services' own ports, so that the bench runs beside bin/up */
    final int portOffset = 20000;
    boolean help;
    boolean build = true;
    boolean jvm = true;
    boolean containers = true;
    String java = "java";
    int major;
    /** bin/up's flags for this java: Netty's use of sun.misc.Unsafe allowed where the JVM knows the flag (23+) */
    List<String> javaFlags = List.of();
    final List<String> services = new ArrayList<>();

    public static void main(String[] args) {
        Startup bench = new Startup();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroy)));
        try {
            bench.parse(args);
            if (bench.help) {
                System.out.print(USAGE);
                return;
            }
            Local local = new Local(bench.name);
            bench.runDir = local.runDir();
            bench.version = local.version();
            try (AutoCloseable infra = bench.jvm ? bench.prepare(local) : () -> { }) {
                bench.run();
            }
        } catch (IllegalArgumentException e) {
            System.err.println(bench.name + ": " + e.getMessage() + "; see bin/bench startup --help.");
            System.exit(2);
        } catch (Exception e) {
            System.out.flush();
            System.err.println(bench.name + ": error: " + e.getMessage());
            System.exit(1);
        }
    }

    Startup parse(String[] args) {
        String runsSet = System.getenv("RUNS");
        if (runsSet != null && !runsSet.isEmpty()) {
            runs = positive("RUNS", runsSet);
        }
        for (String arg : args) {
            switch (arg) {
                case "-h", "--help" -> help = true;
                case "--no-build" -> build = false;
                case "--no-containers" -> containers = false;
                case "--containers" -> {
                    jvm = false;
                    build = false;
                }
                default -> {
                    if (!ports.containsKey(arg)) {
                        throw new IllegalArgumentException("unknown argument '" + arg + "' (services: " + ports.keySet() + ")");
                    }
                    services.add(arg);
                }
            }
        }
        if (services.isEmpty()) {
            services.addAll(ports.keySet());
        }
        return this;
    }

    /**
     * The bare JVM rows' set-up, as bin/up's: its java and flags, the jars built and copied (a rebuild during the run
     * changes nothing), PostgreSQL and Redis; closing what it returns stops the servers it started.
     */
    AutoCloseable prepare(Local local) {
        Jvms.Java chosen = local.serviceJava();
        java = chosen.command();
        major = chosen.major();
        javaFlags = chosen.flags();
        for (String service : ports.keySet()) {
            if (Ports.listening(benchPort(service))) {
                throw new Failure("port " + benchPort(service) + ", which the bench's " + service + " needs, is taken");
            }
        }
        if (build) {
            local.buildJars();
        }
        AutoCloseable infra = local.infra();
        createDirectories(benchDir().resolve("jars"));
        for (String service : ports.keySet()) {
            try {
                Files.copy(local.jar(service), jar(service), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return infra;
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(option + " needs a positive whole number, got '" + value + "'");
    }

    void run() {
        if (jvm) {
            jvmRows();
        }
        if (containers) {
            new Containers(this).rows();
        }
    }

    void say(String line) {
        System.out.println(name + ": " + line);
        System.out.flush();
    }

    void warn(String line) {
        System.err.println(name + ": warning: " + line);
    }

    void print(String text) {
        System.out.print(text);
        System.out.flush();
    }

    Path benchDir() {
        return runDir.resolve("bench");
    }

    Path jar(String service) {
        return benchDir().resolve("jars").resolve(service + "-" + version + ".jar");
    }

    int benchPort(String service) {
        return ports.get(service) + portOffset;
    }

    Path aotCache(String service) {
        return benchDir().resolve(service + ".aot");
    }

    Path log(String service) {
        return benchDir().resolve(service + ".log");
    }

    /** java FLAGS... EXTRA... -jar JAR */
    List<String> command(String service, List<String> extra) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(Local.serviceFlags(service));
        command.addAll(javaFlags);
        command.addAll(extra);
        command.addAll(List.of("-jar", jar(service).toString()));
        return command;
    }

    /** Added to the bench's own environment (PostgreSQL's and Redis' settings, if any, come from there). */
    Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MICRONAUT_SERVER_PORT", Integer.toString(benchPort(service)));
        env.put("MICRONAUT_HTTP_SERVICES_USERS_URL", "http://localhost:" + benchPort("users-service"));
        if (service.equals("forecast")) {
            String djl = System.getenv("DJL_CACHE_DIR");
            env.put("PYTORCH_FLAVOR", "cpu");
            env.put("DJL_CACHE_DIR", djl == null || djl.isEmpty() ? runDir.resolve("djl").toString() : djl);
            env.put("FORECAST_STATE_DIR", benchDir().resolve("forecast-state").toString());
        }
        return env;
    }

    private void jvmRows() {
        createDirectories(benchDir().resolve("forecast-state"));
        Exec version = Exec.run(java, "-version");
        say(version.firstLine() + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + runs + " starts per mode");
        print("\n| service | plain start, median (min-max) | from the AOT cache | ratio | RSS plain | RSS AOT | CPU plain | CPU AOT |\n|---|---|---|---|---|---|---|---|\n");
        for (String service : services) {
            StartFigures plain = modeRuns(service, "plain", List.of());
            if (major >= 25) {
                train(service);
                StartFigures aot = modeRuns(service, "aot", List.of("-XX:AOTCache=" + aotCache(service)));
                print(StartFigures.row(service, plain, aot) + "\n");
            } else {
                print(StartFigures.rowWithoutAot(service, plain, major) + "\n");
            }
        }
    }

    /** runs starts, each stopped before the next; their figures, and each start's "ms KiB pid" in SERVICE-MODE.runs */
    private StartFigures modeRuns(String service, String mode, List<String> extra) {
        List<long[]> measured = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < runs; i++) {
            Started started = start(service, extra);
            stop(service, started.process());
            measured.add(new long[] {started.millis(), started.rssKib(), started.cpuMillis()});
            lines.append(started.millis()).append(' ').append(started.rssKib()).append(' ').append(started.process().pid()).append('\n');
        }
        write(benchDir().resolve(service + "-" + mode + ".runs"), lines.toString());
        return StartFigures.of(measured);
    }

    /** VmRSS in KiB of a process of this machine; {@code what} names it if it is gone. */
    static long vmRssOf(long pid, String what) {
        try {
            return vmRss(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException e) {
            throw new Failure(what + " (pid " + pid + ") is gone right after answering ready");
        }
    }

    record Started(Process process, long millis, long rssKib, long cpuMillis) {
    }

    /** Launches the service, waits for its readiness; the time from launch to ready and VmRSS then. */
    private Started start(String service, List<String> extra) {
        Path log = log(service);
        ProcessBuilder builder = new ProcessBuilder(command(service, extra)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment(service));
        long launched = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new Failure("could not start " + java + " for " + service + ": " + e.getMessage());
        }
        LIVE.add(process);
        String url = "http://127.0.0.1:" + benchPort(service) + "/health/readiness";
        Http.awaitReady(url, READY_WITHIN, () -> process.isAlive() ? null : service + " exited while starting; see " + log,
                () -> service + " did not answer " + url + " within 2 minutes; see " + log);
        long millis = (System.nanoTime() - launched) / 1_000_000;
        return new Started(process, millis, vmRssOf(process.pid(), service + " (its log: " + log + ")"),
                ProcessCpu.millis(process.pid()));
    }

    /** TERM, then up to 60 s for the exit (an AOT training run writes its cache now), then KILL. */
    private void stop(String service, Process process) {
        process.destroy();
        try {
            if (!process.waitFor(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
                warn("pid " + process.pid() + " (" + jar(service).getFileName() + ") did not stop within "
                        + STOP_WITHIN.toSeconds() + " s of TERM; sending KILL");
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while stopping " + service);
        }
        LIVE.remove(process);
    }

    /** One start that records (-XX:AOTCacheOutput), a few requests, a stop that writes the cache. */
    private void train(String service) {
        Path cache = aotCache(service);
        try {
            Files.deleteIfExists(cache);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Started started = start(service, List.of("-XX:AOTCacheOutput=" + cache));
        Http http = new Http("http://127.0.0.1:" + benchPort(service), Duration.ofSeconds(5));
        for (String path : TRAINING_PATHS) {
            try {
                http.get(path);
            } catch (Http.Unreachable ignored) {
                // what it answers does not matter, only what the service ran to answer it
            }
        }
        stop(service, started.process());
        try {
            if (!Files.exists(cache) || Files.size(cache) == 0) {
                throw new Failure(service + " wrote no AOT cache; see " + log(service));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
