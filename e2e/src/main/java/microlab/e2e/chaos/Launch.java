package microlab.e2e.chaos;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A process as /proc shows it: enough to start it again the same way. Linux only. */
record Launch(long pid, List<String> command, Map<String, String> env, Path cwd, String owner) {

    static Launch of(long pid) throws IOException {
        Path proc = Path.of("/proc", String.valueOf(pid));
        List<String> command = split(Files.readAllBytes(proc.resolve("cmdline")));
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : split(Files.readAllBytes(proc.resolve("environ")))) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return new Launch(pid, command, env, proc.resolve("cwd").toRealPath(), Files.getOwner(proc).getName());
    }

    /** The NUL-terminated strings of /proc/PID/cmdline or environ; anything after the last NUL is dropped. */
    static List<String> split(byte[] nulSeparated) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < nulSeparated.length; i++) {
            if (nulSeparated[i] == 0) {
                parts.add(new String(nulSeparated, from, i - from, StandardCharsets.UTF_8));
                from = i + 1;
            }
        }
        return parts;
    }

    /** Starts the command again in a session of its own, as its owner, output appended to {@code log}. */
    long start(List<String> command, Path log) throws IOException {
        List<String> line = new ArrayList<>();
        line.add("setsid");
        String me = System.getProperty("user.name");
        if (!owner.equals(me)) {
            if (!me.equals("root")) {
                throw new IOException("it runs as " + owner + " and bin/chaos as " + me + ", so it could not be started again");
            }
            line.addAll(List.of("runuser", "-u", owner, "--"));
        }
        line.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(line).directory(cwd.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(env);
        // a server's own environment may have no PATH (PostgreSQL's has none): setsid needs one to find runuser
        builder.environment().putIfAbsent("PATH", System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
        return builder.start().pid();
    }

    /** The pid listening on a loopback TCP port, from /proc/net/tcp{,6} and the processes' open sockets. */
    static long listener(int port) throws IOException {
        List<String> inodes = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            if (!Files.exists(Path.of(table))) {
                continue;
            }
            for (String line : Files.readAllLines(Path.of(table))) {
                String inode = listeningSocket(line, port);
                if (inode != null) {
                    inodes.add(inode);
                }
            }
        }
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                if (!proc.getFileName().toString().matches("\\d+")) {
                    continue;
                }
                try (var fds = Files.list(proc.resolve("fd"))) {
                    for (Path fd : (Iterable<Path>) fds::iterator) {
                        try {
                            if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
                                return Long.parseLong(proc.getFileName().toString());
                            }
                        } catch (IOException gone) {
                            // the descriptor closed meanwhile
                        }
                    }
                } catch (IOException | SecurityException notOurs) {
                    // another user's process, or gone
                }
            }
        }
        throw new IOException("nothing this user can see listens on port " + port);
    }

    /**
     * One line of /proc/net/tcp or tcp6: the socket ("socket:[INODE]", as a descriptor links to it) when the line is a
     * socket listening (state 0A) on {@code port}, else null (the header line too).
     */
    static String listeningSocket(String line, int port) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 9 && f[1].contains(":") && f[3].equals("0A")
                && Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16) == port) {
            return "socket:[" + f[9] + "]";
        }
        return null;
    }
}
