import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bin/chaos: writes through the gateway from many clients while, one after another, each service is
 * killed with SIGKILL and started again, PostgreSQL is stopped for 10 s and Redis is stopped for 10 s.
 * Clients behave as a careful client should: an order carries an Idempotency-Key and is retried with
 * the same key after a 5xx, a timeout or a refused connection; a user is retried with the same email.
 * Afterwards the databases are read directly: every acknowledged order and user must be there, and
 * no key may have made two orders. One table gives the result per fault.
 *
 * Run through bin/chaos, against bin/up --detach, with orders-service's jar on the classpath (its
 * PostgreSQL driver reads the databases). Linux only: processes are found and restarted from /proc.
 */
public class Chaos {

    static final Path ROOT = Path.of(System.getProperty("chaos.root", ".")).toAbsolutePath().normalize();
    static final Path RUN = ROOT.resolve(".run");
    static final URI GATEWAY = URI.create(System.getProperty("chaos.gateway", "http://127.0.0.1:8080"));
    static final int PG_PORT = Integer.getInteger("chaos.pgport", 5432);
    static final int REDIS_PORT = Integer.getInteger("chaos.redisport", 6379);
    static final int CLIENTS = Integer.getInteger("chaos.clients", 8);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    static final Duration GIVE_UP_AFTER = Duration.ofSeconds(90);
    static final Duration OUTAGE = Duration.ofSeconds(10);
    static final Duration RECOVERY_LIMIT = Duration.ofSeconds(60);
    static final String RUN_ID = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final AtomicBoolean loading = new AtomicBoolean(true);
    final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    final List<Phase> phases = new ArrayList<>();
    volatile Phase current;
    long activeUser;

    /** One HTTP attempt: when, how long, and the status (-1 refused or reset, -2 timed out). */
    record Attempt(Phase phase, long endNanos, long nanos, int status) {
    }

    /** An acknowledged write: an order (its key and id) or a user (its email). */
    record Ack(Phase phase, String kind, String key, long id, String email) {
    }

    static final class Phase {
        final String name;
        final long start = System.nanoTime();
        volatile long faultStart;
        volatile long faultEnd;
        volatile String note = "";

        Phase(String name) {
            this.name = name;
        }
    }

    public static void main(String[] args) throws Exception {
        new Chaos().run(args.length == 0 ? List.of("baseline", "users-service", "orders-service", "consumer-service",
                "forecast", "gateway", "postgres", "redis") : List.of(args));
    }

    void run(List<String> faults) throws Exception {
        activeUser = findActiveUser();
        System.out.printf("bin/chaos: run %s, %d clients writing through %s; faults: %s%n", RUN_ID, CLIENTS, GATEWAY,
                String.join(", ", faults));
        current = new Phase("warm-up");
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS, task -> {
            Thread thread = new Thread(task, "chaos-client");
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < CLIENTS; i++) {
            int client = i;
            pool.execute(() -> client(client));
        }
        Thread.sleep(2_000);
        for (String fault : faults) {
            Phase phase = new Phase(fault);
            phases.add(phase);
            current = phase;
            System.out.printf("bin/chaos: %-16s ", fault);
            Thread.sleep(3_000);
            long faultStart = System.nanoTime();
            phase.faultStart = faultStart;
            try {
                switch (fault) {
                    case "baseline" -> Thread.sleep(OUTAGE.toMillis());
                    case "postgres" -> stopAndStart(PG_PORT, this::restartPostgres);
                    case "redis" -> stopAndStart(REDIS_PORT, this::restartRedis);
                    default -> killAndRestart(fault);
                }
            } catch (Exception e) {
                System.out.printf("%nbin/chaos: the fault '%s' could not be played out: %s%n"
                        + "bin/chaos: check that the system is whole again (bin/down; bin/up --detach) before anything else.%n",
                        fault, e);
                System.exit(2);
            }
            phase.faultEnd = System.nanoTime();
            long recovered = awaitRecovery(phase);
            System.out.printf("fault %.1f s, writes again %s%s%n", (phase.faultEnd - faultStart) / 1e9,
                    recovered < 0 ? "NOT within " + RECOVERY_LIMIT.toSeconds() + " s" : String.format("%.1f s after", recovered / 1e9),
                    phase.note.isEmpty() ? "" : " (" + phase.note + ")");
            Thread.sleep(3_000);
        }
        loading.set(false);
        pool.shutdown();
        if (!pool.awaitTermination(GIVE_UP_AFTER.toSeconds() + 30, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        report(verify());
    }

    // ---- the load ----------------------------------------------------------------------------------

    void client(int client) {
        long n = 0;
        while (loading.get()) {
            n++;
            Phase phase = current;
            try {
                if (n % 10 == 3) {
                    get(phase, "/summary");
                } else if (n % 10 == 7) {
                    get(phase, "/forecast/BTC?model=naive&horizon=7");
                } else if (n % 5 == 0) {
                    createUser(phase, "chaos-" + RUN_ID + "-" + client + "-" + n + "@example.org");
                } else {
                    createOrder(phase, RUN_ID + "-" + client + "-" + n);
                }
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void createOrder(Phase phase, String key) throws InterruptedException {
        String body = "{\"userId\":" + activeUser + ",\"items\":[{\"sku\":\"CH-" + key + "\",\"quantity\":1,\"unitPrice\":\"1.00\"}]}";
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        while (System.nanoTime() < deadline) {
            Result result = post(phase, "/orders", body, key);
            if (result.status == 201 || result.status == 200) {
                Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(result.body);
                acks.add(new Ack(phase, "order", key, id.find() ? Long.parseLong(id.group(1)) : -1, null));
                return;
            }
            if (result.status >= 400 && result.status < 500 && result.status != 409 && result.status != 429
                    && result.status != 408) {
                System.out.printf("%nbin/chaos: order %s refused with %d: %s%n", key, result.status, result.body);
                return;
            }
            pause();
        }
    }

    void createUser(Phase phase, String email) throws InterruptedException {
        String body = "{\"name\":\"Chaos Client\",\"email\":\"" + email + "\"}";
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        boolean sentBefore = false;
        while (System.nanoTime() < deadline) {
            Result result = post(phase, "/users", body, null);
            if (result.status == 201 || (result.status == 409 && sentBefore)) {
                // a 409 after an attempt whose outcome we never heard: that attempt created the user
                acks.add(new Ack(phase, "user", null, -1, email));
                return;
            }
            if (result.status >= 400 && result.status < 500 && result.status != 429 && result.status != 408) {
                System.out.printf("%nbin/chaos: user %s refused with %d: %s%n", email, result.status, result.body);
                return;
            }
            sentBefore = true;
            pause();
        }
    }

    static void pause() throws InterruptedException {
        Thread.sleep(200 + ThreadLocalRandom.current().nextInt(300));
    }

    record Result(int status, String body) {
    }

    /** A read: one attempt, no retry; it counts in the table but acknowledges nothing. */
    void get(Phase phase, String path) {
        send(phase, HttpRequest.newBuilder(GATEWAY.resolve(path)).timeout(REQUEST_TIMEOUT).GET());
    }

    Result post(Phase phase, String path, String body, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(GATEWAY.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return send(phase, request);
    }

    Result send(Phase phase, HttpRequest.Builder request) {
        long start = System.nanoTime();
        int status;
        String text = "";
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            text = response.body();
        } catch (HttpTimeoutException e) {
            status = -2;
        } catch (IOException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = -1;
        }
        long end = System.nanoTime();
        attempts.add(new Attempt(phase, end, end - start, status));
        return new Result(status, text);
    }

    long findActiveUser() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(GATEWAY.resolve("/users?active=true&size=1"))
                .timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(response.body());
        if (response.statusCode() != 200 || !id.find()) {
            throw new IllegalStateException("GET /users?active=true through " + GATEWAY + " gave " + response.statusCode()
                    + "; is bin/up --detach running?");
        }
        return Long.parseLong(id.group(1));
    }

    /** Nanoseconds from the fault's end to the first acknowledged write that started after it; -1 if none came. */
    long awaitRecovery(Phase phase) throws InterruptedException {
        long limit = phase.faultEnd + RECOVERY_LIMIT.toNanos();
        while (System.nanoTime() < limit) {
            for (Attempt a : attempts) {
                if (a.phase == phase && a.endNanos > phase.faultEnd && (a.status == 201 || a.status == 200)
                        && a.endNanos - a.nanos > phase.faultEnd) {
                    return a.endNanos - phase.faultEnd;
                }
            }
            Thread.sleep(100);
        }
        return -1;
    }

    // ---- the faults --------------------------------------------------------------------------------

    /** A process as /proc shows it: enough to start it again the same way. */
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

        private static List<String> split(byte[] nulSeparated) {
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
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(env);
            // a server's own environment may have no PATH (PostgreSQL's has none): setsid needs one to find runuser
            builder.environment().putIfAbsent("PATH", System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
            return builder.start().pid();
        }
    }

    void killAndRestart(String service) throws Exception {
        Path pidFile = RUN.resolve("pids").resolve(service + ".pid");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        Launch launch = Launch.of(pid);
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(service + " is not running"));
        process.destroyForcibly();
        process.onExit().get(10, TimeUnit.SECONDS);
        long started = launch.start(launch.command(), RUN.resolve("logs").resolve(service + ".log"));
        Files.writeString(pidFile, started + "\n");
        long restarted = System.nanoTime();
        awaitReady(PORTS.get(service));
        current.note = String.format("pid %d killed, %d started and ready %.1f s later", pid, started,
                (System.nanoTime() - restarted) / 1e9);
    }

    interface Restart {
        void run(long pid, Launch launch) throws Exception;
    }

    void stopAndStart(int port, Restart restart) throws Exception {
        long pid = listener(port);
        restart.run(pid, Launch.of(pid));
    }

    void restartPostgres(long pid, Launch launch) throws Exception {
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        // SIGINT is PostgreSQL's fast shutdown: open transactions are rolled back, then it exits
        new ProcessBuilder("kill", "-INT", String.valueOf(pid)).inheritIO().start().waitFor();
        postmaster.onExit().get(60, TimeUnit.SECONDS);
        Thread.sleep(OUTAGE.toMillis());
        launch.start(launch.command(), RUN.resolve("logs").resolve("chaos-postgres.log"));
        awaitPort(PG_PORT);
        current.note = "postmaster " + pid + " stopped for " + OUTAGE.toSeconds() + " s";
    }

    void restartRedis(long pid, Launch launch) throws Exception {
        // Redis renames its own process, so its command line is rebuilt from its configuration; the pid
        // file with it, so that whoever started the first one (bin/down) finds and stops the second
        Map<String, String> config = new LinkedHashMap<>();
        for (String name : List.of("bind", "port", "dir", "save", "appendonly", "logfile", "pidfile", "dbfilename",
                "protected-mode")) {
            List<String> reply = redis(REDIS_PORT, "CONFIG", "GET", name);
            if (reply.size() == 2) {
                config.put(name, reply.get(1));
            }
        }
        // Debian's redis-server is a link to redis-check-rdb, which picks its role from the name it is run by
        Path exe = Path.of("/proc", String.valueOf(pid), "exe").toRealPath();
        Path server = exe.resolveSibling("redis-server");
        String binary = Files.isExecutable(server) ? server.toString() : "redis-server";
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        try {
            redis(REDIS_PORT, "SHUTDOWN");
        } catch (IOException closedWhileShuttingDown) {
            // expected: the server closes the connection as it exits
        }
        process.onExit().get(30, TimeUnit.SECONDS);
        Thread.sleep(OUTAGE.toMillis());
        List<String> command = new ArrayList<>(List.of(binary));
        config.forEach((name, value) -> {
            if (!((name.equals("logfile") || name.equals("pidfile")) && value.isEmpty())) {
                command.add("--" + name);
                command.addAll(name.equals("bind") ? List.of(value.split(" ")) : List.of(value));
            }
        });
        command.addAll(List.of("--daemonize", "no"));
        launch.start(command, RUN.resolve("logs").resolve("chaos-redis.log"));
        awaitPort(REDIS_PORT);
        String pidFile = config.getOrDefault("pidfile", "");
        if (!pidFile.isEmpty()) {
            awaitPidFile(Path.of(config.get("dir")).resolve(pidFile), listener(REDIS_PORT));
        }
        current.note = "redis-server " + pid + " stopped for " + OUTAGE.toSeconds() + " s";
    }

    /** The restarted server's pid in the first one's pid file, where bin/down looks for it. */
    static void awaitPidFile(Path file, long pid) throws Exception {
        await(Duration.ofSeconds(5), () -> "the restarted redis-server (pid " + pid + ") did not write " + file
                + " (it holds '" + holds(file) + "'), so bin/down would not find it", () -> holds(file).equals(String.valueOf(pid)));
    }

    static String holds(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file).trim() : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The pid listening on a loopback TCP port, from /proc/net/tcp{,6} and the processes' open sockets. */
    static long listener(int port) throws IOException {
        List<String> inodes = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            if (!Files.exists(Path.of(table))) {
                continue;
            }
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[1].contains(":") && f[3].equals("0A")
                        && Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16) == port) {
                    inodes.add("socket:[" + f[9] + "]");
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

    static final Map<String, Integer> PORTS = Map.of("gateway", 8080, "users-service", 8081, "orders-service", 8082,
            "consumer-service", 8083, "forecast", 8084);

    /** Until the service on {@code port} answers 200 on /health/readiness (at most the recovery limit). */
    void awaitReady(int port) throws Exception {
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        await(RECOVERY_LIMIT, () -> "the service on port " + port + " was not ready within " + RECOVERY_LIMIT.toSeconds() + " s", () -> {
            try {
                return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    static void awaitPort(int port) throws Exception {
        await(Duration.ofSeconds(60), () -> "port " + port + " did not open again within 60 s", () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (ConnectException notYet) {
                return false;
            }
        });
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Asks {@code condition} every 100 ms until it holds; past {@code limit}, fails saying what {@code failure} says then. */
    static void await(Duration limit, Supplier<String> failure, Condition condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.holds()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(failure.get());
    }

    /** One Redis command over RESP; the reply's bulk strings (or its status line). */
    static List<String> redis(int port, String... command) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("*" + command.length + "\r\n");
            for (String part : command) {
                request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String first = line(in);
            List<String> values = new ArrayList<>();
            if (first.startsWith("*")) {
                int count = Integer.parseInt(first.substring(1));
                for (int i = 0; i < count; i++) {
                    int length = Integer.parseInt(line(in).substring(1));
                    values.add(length < 0 ? "" : new String(in.readNBytes(length), StandardCharsets.UTF_8));
                    if (length >= 0) {
                        line(in);
                    }
                }
            } else {
                values.add(first);
            }
            return values;
        }
    }

    static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    // ---- the check and the table -------------------------------------------------------------------

    record Verdict(Map<Phase, Long> lost, Map<Phase, Long> duplicates) {
    }

    Verdict verify() throws Exception {
        Map<Phase, Long> lost = new LinkedHashMap<>();
        Map<Phase, Long> duplicates = new LinkedHashMap<>();
        String base = "jdbc:postgresql://127.0.0.1:" + PG_PORT + "/";
        try (Connection orders = DriverManager.getConnection(base + "orders", "orders", "orders");
             Connection users = DriverManager.getConnection(base + "users", "users", "users");
             PreparedStatement keyed = orders.prepareStatement(
                     "SELECT k.order_id FROM idempotency_keys k JOIN orders o ON o.id = k.order_id WHERE k.key = ?");
             PreparedStatement byEmail = users.prepareStatement("SELECT count(*) FROM users WHERE email = ?");
             PreparedStatement twice = orders.prepareStatement(
                     "SELECT sku, count(DISTINCT order_id) FROM order_items WHERE sku LIKE ? GROUP BY sku HAVING count(DISTINCT order_id) > 1")) {
            for (Ack ack : acks) {
                boolean present;
                if (ack.kind.equals("order")) {
                    keyed.setString(1, ack.key);
                    try (ResultSet row = keyed.executeQuery()) {
                        present = row.next() && row.getLong(1) == ack.id;
                    }
                } else {
                    byEmail.setString(1, ack.email);
                    try (ResultSet row = byEmail.executeQuery()) {
                        present = row.next() && row.getLong(1) == 1;
                    }
                }
                if (!present) {
                    lost.merge(ack.phase, 1L, Long::sum);
                    System.out.println("bin/chaos: LOST " + ack);
                }
            }
            twice.setString(1, "CH-" + RUN_ID + "-%");
            try (ResultSet rows = twice.executeQuery()) {
                while (rows.next()) {
                    String key = rows.getString(1).substring(3);
                    Phase phase = acks.stream().filter(a -> key.equals(a.key)).map(Ack::phase).findFirst().orElse(phases.get(0));
                    duplicates.merge(phase, rows.getLong(2) - 1, Long::sum);
                    System.out.println("bin/chaos: DUPLICATE orders for key " + key + ": " + rows.getLong(2));
                }
            }
        }
        return new Verdict(lost, duplicates);
    }

    void report(Verdict verdict) {
        System.out.println();
        System.out.println("| fault            | requests | acknowledged | lost | duplicates | 5xx by status          | refused/timed out | longest wait | errors for |");
        System.out.println("|------------------|---------:|-------------:|-----:|-----------:|------------------------|------------------:|-------------:|-----------:|");
        long totalLost = 0;
        long totalDuplicates = 0;
        long total500 = 0;
        for (Phase phase : phases) {
            List<Attempt> mine = attempts.stream().filter(a -> a.phase == phase).toList();
            Map<Integer, Long> fiveXx = new TreeMap<>();
            long refused = 0;
            long longest = 0;
            for (Attempt a : mine) {
                if (a.status >= 500) {
                    fiveXx.merge(a.status, 1L, Long::sum);
                }
                if (a.status < 0) {
                    refused++;
                }
                longest = Math.max(longest, a.nanos);
            }
            total500 += fiveXx.getOrDefault(500, 0L);
            long acknowledged = acks.stream().filter(a -> a.phase == phase).count();
            long lost = verdict.lost.getOrDefault(phase, 0L);
            long duplicates = verdict.duplicates.getOrDefault(phase, 0L);
            totalLost += lost;
            totalDuplicates += duplicates;
            long recovered = errorsFor(phase);
            String fives = fiveXx.isEmpty() ? "none" : fiveXx.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .reduce((x, y) -> x + ", " + y).orElse("");
            System.out.printf("| %-16s | %8d | %12d | %4d | %10d | %-22s | %17d | %10.1f s | %s |%n", phase.name, mine.size(),
                    acknowledged, lost, duplicates, fives, refused, longest / 1e9,
                    String.format("%8.1f s", recovered / 1e9));
        }
        System.out.println();
        System.out.printf("bin/chaos: %d acknowledged writes (%d during the warm-up), %d lost, %d duplicate orders, %d answers of 500%n",
                acks.size(), acks.stream().filter(a -> !phases.contains(a.phase)).count(), totalLost, totalDuplicates, total500);
        if (totalLost > 0 || totalDuplicates > 0 || total500 > 0) {
            System.exit(1);
        }
    }

    /** From the start of the fault to the last failed request (5xx, refused, timed out) of the phase; 0 if none failed. */
    long errorsFor(Phase phase) {
        return attempts.stream().filter(a -> a.phase == phase && (a.status >= 500 || a.status < 0))
                .mapToLong(a -> Math.max(0, a.endNanos - phase.faultStart)).max().orElse(0);
    }
}
