package microlab.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The machine: commands run to their end, who listens on a port, which process is which, and stopping one. */
final class Os {

    private static final Pattern SS_PID = Pattern.compile("pid=(\\d+)");
    private static final Pattern SS_OWNER = Pattern.compile("users:\\(\\(\"([^\"]*)\",pid=(\\d+)");

    private Os() {
    }

    /** What a command printed (stdout and stderr together) and its exit status. */
    record Result(int status, String output) {
        boolean ok() {
            return status == 0;
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static boolean onPath(String command) {
        return which(command).isPresent();
    }

    static Optional<Path> which(String command) {
        return which(command, System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    /** the command's first executable in a PATH-like list of folders */
    static Optional<Path> which(String command, String path) {
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static Result run(List<String> command) {
        return run(command, Map.of(), null, null);
    }

    /**
     * Runs a command to its end: environment additions (a null value removes the variable), what it reads on
     * stdin (none: nothing), where it runs (null: here).
     */
    static Result run(List<String> command, Map<String, String> env, String stdin, Path dir) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        env.forEach((key, value) -> {
            if (value == null) {
                builder.environment().remove(key);
            } else {
                builder.environment().put(key, value);
            }
        });
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        try {
            Process process = builder.start();
            if (stdin != null) {
                try (var in = process.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.waitFor(), output);
        } catch (IOException e) {
            return new Result(127, command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    /** A command whose output goes to a log file; its exit status. */
    static int runLogged(List<String> command, Map<String, String> env, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        try {
            return builder.start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    /** Runs a server command as a user PostgreSQL accepts: it refuses root. */
    static List<String> asPostgres(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** true when something accepts TCP connections on 127.0.0.1:port */
    static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** the pids listening on a port; empty when ss is missing or cannot tell */
    static TreeSet<Long> portPids(int port) {
        TreeSet<Long> pids = new TreeSet<>();
        Matcher m = SS_PID.matcher(ss(port));
        while (m.find()) {
            pids.add(Long.parseLong(m.group(1)));
        }
        return pids;
    }

    /** "java (pid 1234)" for whatever listens on a port, or "an unknown process" when ss cannot tell */
    static String portOwner(int port) {
        Matcher m = SS_OWNER.matcher(ss(port));
        return m.find() ? m.group(1) + " (pid " + m.group(2) + ")" : "an unknown process";
    }

    private static String ss(int port) {
        if (!onPath("ss")) {
            return "";
        }
        Result result = run(List.of("ss", "-Hltnp", "sport = :" + port));
        return result.ok() ? result.output() : "";
    }

    /** the command line of a live process, empty when it is gone */
    static Optional<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' '));
        } catch (IOException e) {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).flatMap(p -> p.info().commandLine());
        }
    }

    /** true when the process is alive (not a zombie) and its command line holds the pattern */
    static boolean pidMatches(long pid, String pattern) {
        return alive(pid) && commandLine(pid).map(line -> line.contains(pattern)).orElse(false);
    }

    /** alive and not a zombie: a launched process whose parent has not reaped it yet is gone all the same */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
            return !state.equals("Z") && !state.equals("X");
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    /** TERM, up to the timeout, then KILL; the pattern guards against a recycled pid */
    static void stop(long pid, String pattern, Duration timeout) {
        if (!pidMatches(pid, pattern)) {
            return;
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pidMatches(pid, pattern)) {
            if (System.nanoTime() > deadline) {
                Console.warn("pid " + pid + " (" + pattern + ") did not stop within " + timeout.toSeconds()
                        + " s of TERM; sending KILL");
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                sleep(200);
                return;
            }
            sleep(100);
        }
    }

    static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path... files) {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** the last lines of a log, for a failure's report */
    static String tail(Path log, int lines) {
        try {
            List<String> all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
