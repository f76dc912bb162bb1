import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What a CI run leaves on the machine: {@code before FILE} notes the machine at the start, {@code after
 * FILE} names everything the run started or wrote that is still there, and exits 1 if anything is.
 * <ul>
 *   <li>processes: every process whose environment carries the run's mark ({@code MICROLAB_CI_RUN},
 *       which {@code .ci/run} sets and every process it starts inherits, also one that daemonized and
 *       so left the run's process tree), except this program and its ancestors;</li>
 *   <li>listeners: a TCP port of the project's ({@code --ports}) listening now and not before;</li>
 *   <li>files: a new entry in /tmp (the JVMs' shared {@code hsperfdata_*} folders aside: each JVM
 *       removes its own file there);</li>
 *   <li>kind: a kubeconfig context {@code kind-microlab} that was not there before.</li>
 * </ul>
 * {@code self-test} leaks a process, a daemonized one and a file on purpose, requires the check to name
 * all three, removes them and requires the check to pass.
 *
 * <p>Run as {@code java .ci/Leftovers.java before|after FILE [--ports P,P,...]} or {@code self-test}.
 */
public class Leftovers {

    static final String MARK = "MICROLAB_CI_RUN";
    static final Path TMP = Path.of("/tmp");

    record Snapshot(Set<String> tmp, Set<Integer> listening, Set<String> kind) {
        List<String> lines() {
            List<String> lines = new ArrayList<>();
            tmp.forEach(name -> lines.add("tmp " + name));
            listening.forEach(port -> lines.add("listen " + port));
            kind.forEach(context -> lines.add("kind " + context));
            return lines;
        }

        static Snapshot parse(List<String> lines) {
            Set<String> tmp = new TreeSet<>();
            Set<Integer> listening = new TreeSet<>();
            Set<String> kind = new TreeSet<>();
            for (String line : lines) {
                if (line.startsWith("tmp ")) {
                    tmp.add(line.substring(4));
                } else if (line.startsWith("listen ")) {
                    listening.add(Integer.parseInt(line.substring(7)));
                } else if (line.startsWith("kind ")) {
                    kind.add(line.substring(5));
                }
            }
            return new Snapshot(tmp, listening, kind);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("self-test")) {
            System.exit(selfTest() ? 0 : 1);
        }
        if (args.length < 2 || !(args[0].equals("before") || args[0].equals("after"))) {
            System.err.println("usage: java .ci/Leftovers.java before|after FILE [--ports P,P,...] | self-test");
            System.exit(2);
        }
        Path file = Path.of(args[1]);
        Set<Integer> ports = args.length == 4 && args[2].equals("--ports") ? java.util.Arrays.stream(args[3].split(","))
                .map(String::trim).filter(p -> !p.isEmpty()).map(Integer::valueOf).collect(Collectors.toSet()) : Set.of();
        if (args[0].equals("before")) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, snapshot().lines());
            System.out.println("leftovers: noted the machine before the run in " + file);
            return;
        }
        String mark = System.getenv(MARK);
        if (mark == null || mark.isBlank()) {
            System.err.println("leftovers: " + MARK + " is not set, so the run's processes cannot be told from others");
            System.exit(2);
        }
        List<String> left = leftovers(Snapshot.parse(Files.readAllLines(file)), mark, ports);
        if (left.isEmpty()) {
            System.out.println("leftovers: none (processes, listeners on " + new TreeSet<>(ports) + ", /tmp, kind contexts)");
            return;
        }
        System.out.println("leftovers: the run left " + left.size() + " thing(s) behind:");
        left.forEach(line -> System.out.println("  " + line));
        System.exit(1);
    }

    static Snapshot snapshot() throws IOException {
        return new Snapshot(tmpEntries(), listeningPorts().keySet(), new TreeSet<>(kindContexts()));
    }

    static List<String> leftovers(Snapshot before, String mark, Set<Integer> ports) throws IOException {
        List<String> left = new ArrayList<>();
        Set<Long> mine = new TreeSet<>();
        for (ProcessHandle p = ProcessHandle.current(); p != null; p = p.parent().orElse(null)) {
            mine.add(p.pid());
        }
        for (long pid : marked(mark)) {
            if (!mine.contains(pid)) {
                left.add("process " + describe(pid));
            }
        }
        Map<Integer, Long> listening = listeningPorts();
        for (Map.Entry<Integer, Long> port : listening.entrySet()) {
            if (ports.contains(port.getKey()) && !before.listening().contains(port.getKey())) {
                left.add("listener on port " + port.getKey() + " (" + (port.getValue() == null ? "owner unknown"
                        : "process " + describe(port.getValue())) + ")");
            }
        }
        for (String name : tmpEntries()) {
            if (!before.tmp().contains(name) && !name.startsWith("hsperfdata_")) {
                left.add("file " + TMP.resolve(name) + " (" + size(TMP.resolve(name)) + ")");
            }
        }
        for (String context : kindContexts()) {
            if (!before.kind().contains(context)) {
                left.add("kubeconfig context " + context);
            }
        }
        return left;
    }

    /** The processes whose environment, as they were started, holds {@code MARK=mark}. */
    static List<Long> marked(String mark) {
        byte[] wanted = (MARK + "=" + mark).getBytes(StandardCharsets.UTF_8);
        List<Long> pids = new ArrayList<>();
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            try {
                byte[] environ = Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "environ"));
                if (containsEntry(environ, wanted)) {
                    pids.add(p.pid());
                }
            } catch (IOException | SecurityException goneOrNotReadable) {
                // a process that ended meanwhile, or a kernel thread
            }
        }
        return pids;
    }

    static boolean containsEntry(byte[] environ, byte[] entry) {
        int start = 0;
        for (int i = 0; i <= environ.length; i++) {
            if (i == environ.length || environ[i] == 0) {
                if (i - start == entry.length && java.util.Arrays.equals(environ, start, i, entry, 0, entry.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    static String describe(long pid) {
        Path proc = Path.of("/proc", String.valueOf(pid));
        String command;
        try {
            command = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException e) {
            command = "?";
        }
        String user = ProcessHandle.of(pid).flatMap(p -> p.info().user()).orElse("?");
        if (command.length() > 200) {
            command = command.substring(0, 200) + "...";
        }
        return pid + " (" + user + "): " + command;
    }

    /** Listening TCP ports (IPv4 and IPv6) and, where it can be found, the pid owning the socket. */
    static Map<Integer, Long> listeningPorts() throws IOException {
        Map<String, Integer> inodes = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals("0A")) {
                    String local = f[1];
                    inodes.put(f[9], Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
                }
            }
        }
        Map<Integer, Long> owners = new HashMap<>();
        inodes.values().forEach(port -> owners.put(port, null));
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path fd : fds) {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            Integer port = inodes.get(target.substring(8, target.length() - 1));
                            if (port != null) {
                                owners.put(port, Long.parseLong(proc.getFileName().toString()));
                            }
                        }
                    }
                } catch (IOException | SecurityException goneOrNotReadable) {
                    // ended meanwhile, or another user's
                }
            }
        }
        return owners;
    }

    static Set<String> tmpEntries() throws IOException {
        Set<String> names = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(TMP)) {
            entries.forEach(e -> names.add(e.getFileName().toString()));
        }
        return names;
    }

    static String size(Path path) {
        try (var tree = Files.walk(path)) {
            long bytes = tree.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : bytes + " bytes";
        } catch (IOException | RuntimeException e) {
            return "size unknown";
        }
    }

    /** The kind cluster's context, if a kubeconfig still names it. */
    static List<String> kindContexts() throws IOException {
        String configured = System.getenv("KUBECONFIG");
        List<Path> files = configured != null && !configured.isBlank()
                ? List.of(configured.split(":")).stream().map(Path::of).toList()
                : List.of(Path.of(System.getProperty("user.home"), ".kube", "config"));
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            if (Files.isRegularFile(file)) {
                for (String line : Files.readAllLines(file)) {
                    if (line.strip().equals("name: kind-microlab")) {
                        found.add("kind-microlab in " + file);
                        break;
                    }
                }
            }
        }
        return found;
    }

    // ---- the check's own test

    static boolean selfTest() throws Exception {
        String mark = "self-test-" + UUID.randomUUID();
        Snapshot before = snapshot();
        Path file = TMP.resolve("microlab-leftovers-self-test-" + mark.substring(10, 18));
        Files.writeString(file, "left on purpose\n");
        ProcessBuilder sleeper = new ProcessBuilder("sleep", "300").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        sleeper.environment().put(MARK, mark);
        Process child = sleeper.start();
        // a daemon: its parent exits at once, so it is nobody's child any more
        ProcessBuilder daemon = new ProcessBuilder("setsid", "sh", "-c", "sleep 301 >/dev/null 2>&1 & echo $!");
        daemon.environment().put(MARK, mark);
        Process starter = daemon.start();
        long orphan = Long.parseLong(new String(starter.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        starter.waitFor(10, TimeUnit.SECONDS);
        boolean ok = true;
        try {
            List<String> left = leftovers(before, mark, Set.of());
            left.forEach(line -> System.out.println("  self-test found: " + line));
            ok &= expect(left.stream().anyMatch(l -> l.startsWith("process " + child.pid() + " ")), "the leaked child process " + child.pid());
            ok &= expect(left.stream().anyMatch(l -> l.startsWith("process " + orphan + " ")), "the daemonized process " + orphan);
            ok &= expect(left.stream().anyMatch(l -> l.startsWith("file " + file + " ")), "the leaked file " + file);
        } finally {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroyForcibly);
            Files.deleteIfExists(file);
        }
        for (int i = 0; i < 50 && ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(100);
        }
        List<String> after = leftovers(before, mark, Set.of());
        ok &= expect(after.isEmpty(), "nothing once they are removed (found " + after + ")");
        System.out.println(ok ? "leftovers self-test: ok (a leaked process, a daemon and a file were each named)"
                : "leftovers self-test: FAILED");
        return ok;
    }

    static boolean expect(boolean condition, String what) {
        if (!condition) {
            System.out.println("  self-test: the check did not name " + what);
        }
        return condition;
    }
}
