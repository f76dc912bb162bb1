package microlab.launcher;

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
import java.util.Optional;

import static microlab.launcher.Console.say;

/** The five services as background JVMs: pid files in pids/, logs in logs/, a graceful stop. */
final class ServiceProcesses {

    private final Layout layout;
    private final AotCache aot;

    ServiceProcesses(Layout layout, AotCache aot) {
        this.layout = layout;
        this.aot = aot;
    }

    Optional<Long> pid(String service) {
        return Os.read(layout.pidFile(service)).filter(s -> s.matches("\\d+")).map(Long::parseLong);
    }

    /** true when the pid file names a live JVM running this service's jar */
    boolean running(String service) {
        return pid(service).map(pid -> Os.pidMatches(pid, layout.jarName(service))).orElse(false);
    }

    /** What a service is started with: its java, its JVM flags, its environment additions. */
    record Launch(Jvms.Java java, List<String> opts, Map<String, String> env) {
    }

    /**
     * Starts a service in the background from a copy of its jar in jars/ (a rebuild rewrites target/*.jar, and a
     * running JVM whose jar changes under it fails on the next class it loads), in a session of its own (a closed
     * terminal or a Ctrl-C meant for bin/up does not reach it). Returns its pid.
     */
    long start(String service, Launch launch) {
        Path jar = layout.jar(service);
        if (!Files.isRegularFile(jar)) {
            throw Console.die(jar + " is missing; run bin/up without --no-build to build it.");
        }
        Path copy = Os.mkdirs(layout.runDir().resolve("jars")).resolve(jar.getFileName());
        try {
            if (!Files.exists(copy) || !Files.getLastModifiedTime(copy).equals(Files.getLastModifiedTime(jar))) {
                Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        if (Os.onPath("setsid")) {
            command.add("setsid");
        }
        command.add(launch.java().command());
        command.addAll(launch.opts());
        command.addAll(aot.flags(service, launch.java(), copy, launch.opts()));
        command.addAll(List.of("-jar", copy.toString()));
        Path log = Os.mkdirs(layout.logs()).resolve(service + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(launch.env());
        try {
            long pid = builder.start().pid();
            Os.write(layout.pidFile(service), pid + "\n");
            return pid;
        } catch (IOException e) {
            throw Console.die("could not start " + service + " with " + launch.java().command() + ": " + e.getMessage());
        }
    }

    /**
     * Sends TERM to every running service at once (graceful shutdown lets requests in flight finish), waits up to the
     * timeout (AOT_WRITE_TIMEOUT, default 120 s, for one writing its AOT cache), then KILLs what is left. Says one line
     * per service it stops; true when there was one.
     */
    boolean stopAll(Duration timeout, Duration aotWriteTimeout) {
        Map<String, Long> deadlines = new LinkedHashMap<>();
        long now = System.nanoTime();
        for (Layout.Service service : Layout.SERVICES) {
            String name = service.name();
            if (!running(name)) {
                continue;
            }
            long pid = pid(name).orElseThrow();
            Duration limit = timeout;
            if (aot.pending(name)) {
                limit = aotWriteTimeout;
                say("stopping " + name + " (pid " + pid + "; it writes its AOT cache first)");
            } else {
                say("stopping " + name + " (pid " + pid + ")");
            }
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            deadlines.put(name, now + limit.toNanos());
        }
        boolean killed = false;
        while (true) {
            boolean left = false;
            for (Map.Entry<String, Long> entry : deadlines.entrySet()) {
                String name = entry.getKey();
                if (!running(name)) {
                    continue;
                }
                if (System.nanoTime() > entry.getValue()) {
                    long seconds = Math.round((entry.getValue() - now) / 1e9);
                    Console.warn(name + " did not stop within " + seconds + " s of TERM; sending KILL");
                    pid(name).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
                    entry.setValue(Long.MAX_VALUE);
                    killed = true;
                } else {
                    left = true;
                }
            }
            if (!left) {
                break;
            }
            Os.sleep(100);
        }
        if (killed) {
            Os.sleep(300);
        }
        for (Layout.Service service : Layout.SERVICES) {
            if (!running(service.name())) {
                Os.delete(layout.pidFile(service.name()), aot.trainingMarker(service.name()));
            }
        }
        return !deadlines.isEmpty();
    }
}
