import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * k8s/kind-check.sh: checks microlab on a running cluster (k8s/kind-up.sh) the way a user would see
 * it, through kubectl and through the Ingress on http://localhost. Each check prints what it saw and
 * a line "ok" or "FAILED: why"; the program exits 1 when any failed.
 *
 * <ul>
 *   <li>pods: every Deployment and StatefulSet has all its replicas ready, as many as the rendered
 *       overlay asks for (two for the four services that say two);</li>
 *   <li>network-policies: connections the policies deny are refused (a pod without an allowed label
 *       to PostgreSQL, users-service and the gateway; consumer-service to PostgreSQL; the client to
 *       Redis) while the allowed ones connect (users-service to PostgreSQL, the client and
 *       orders-service to users-service). Without a policy engine the denied ones connect: it fails;</li>
 *   <li>volumes: the forecast pod deleted, the new one counts one more boot and loads its fitted
 *       models from the PVC; the PostgreSQL pod deleted, every user is still there;</li>
 *   <li>rolling-restart: users-service and then the gateway restarted while clients read and write
 *       through the Ingress: no request fails, every acknowledged write is stored;</li>
 *   <li>readiness: users-service scaled to 0, the orders-service pods stay ready, GET /orders/{id}
 *       still answers 200 and POST /orders a 503 problem; users-service scaled back.</li>
 * </ul>
 * Usage: java k8s/ClusterChecks.java [CHECK...] (default all, in that order). System properties:
 * kube.context (default kind-microlab), base (default http://localhost), overlay (k8s/overlays/kind).
 */
public class ClusterChecks {

    static final String NAMESPACE = "microlab";
    static final String CONTEXT = System.getProperty("kube.context", "kind-microlab");
    static final URI BASE = URI.create(System.getProperty("base", "http://localhost"));
    static final String OVERLAY = System.getProperty("overlay", "k8s/overlays/kind");
    static final String KUBECTL = System.getProperty("kubectl", "kubectl");
    static final String RUN = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public static void main(String[] args) throws Exception {
        List<String> names = args.length > 0 ? List.of(args)
                : List.of("pods", "network-policies", "volumes", "rolling-restart", "readiness");
        ClusterChecks checks = new ClusterChecks();
        Map<String, String> results = new LinkedHashMap<>();
        for (String name : names) {
            Instant started = Instant.now();
            System.out.printf("%n== %s%n", name);
            String result;
            try {
                switch (name) {
                    case "pods" -> checks.pods();
                    case "network-policies" -> checks.networkPolicies();
                    case "volumes" -> checks.volumes();
                    case "rolling-restart" -> checks.rollingRestart();
                    case "readiness" -> checks.readiness();
                    default -> throw new Failure("no check named " + name);
                }
                result = "ok";
            } catch (Failure e) {
                result = "FAILED: " + e.getMessage();
            }
            long seconds = Duration.between(started, Instant.now()).toSeconds();
            System.out.printf("%s: %s (%d s)%n", name, result, seconds);
            results.put(name, String.format("%-18s %4d s  %s", name, seconds, result));
        }
        System.out.println("\ncluster checks:");
        results.values().forEach(line -> System.out.println("  " + line));
        System.exit(results.values().stream().allMatch(line -> line.endsWith("ok")) ? 0 : 1);
    }

    /** A check's failure, with the sentence that says what was wrong. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    static void require(boolean condition, String message) throws Failure {
        if (!condition) {
            throw new Failure(message);
        }
    }

    // ---- pods

    void pods() throws Exception {
        Map<String, Integer> wanted = renderedReplicas();
        String live = kubectl("get", "deployments,statefulsets", "-o",
                "jsonpath={range .items[*]}{.kind}/{.metadata.name} {.spec.replicas} {.status.readyReplicas}{\"\\n\"}{end}");
        Map<String, int[]> seen = new LinkedHashMap<>();
        for (String line : live.strip().split("\n")) {
            String[] f = line.trim().split("\\s+");
            seen.put(f[0].toLowerCase(), new int[] {Integer.parseInt(f[1]), f.length > 2 ? Integer.parseInt(f[2]) : 0});
        }
        List<String> problems = new ArrayList<>();
        wanted.forEach((name, replicas) -> {
            int[] s = seen.get(name);
            System.out.printf("  %-32s wanted %d, spec %s, ready %s%n", name, replicas,
                    s == null ? "-" : s[0], s == null ? "-" : s[1]);
            if (s == null || s[0] != replicas || s[1] != replicas) {
                problems.add(name);
            }
        });
        require(wanted.values().stream().filter(r -> r == 2).count() >= 4,
                "the overlay asks for two replicas of fewer than four workloads: " + wanted);
        require(problems.isEmpty(), "not every replica is ready: " + problems);
    }

    /** kind/name -> replicas, from the overlay as kustomize renders it. */
    Map<String, Integer> renderedReplicas() throws Exception {
        Map<String, Integer> replicas = new LinkedHashMap<>();
        for (String doc : run(List.of(KUBECTL, "kustomize", OVERLAY)).split("(?m)^---$")) {
            Matcher kind = Pattern.compile("(?m)^kind: (Deployment|StatefulSet)$").matcher(doc);
            Matcher name = Pattern.compile("(?m)^  name: (\\S+)$").matcher(doc);
            Matcher count = Pattern.compile("(?m)^  replicas: (\\d+)$").matcher(doc);
            if (kind.find() && name.find()) {
                replicas.put(kind.group(1).toLowerCase() + "/" + name.group(1),
                        count.find() ? Integer.parseInt(count.group(1)) : 1);
            }
        }
        return replicas;
    }

    // ---- network policies

    /** A probe pod with labels no policy allows anything for, restricted like every pod here. */
    static final String INTRUDER = "probe-" + RUN;

    void networkPolicies() throws Exception {
        String overrides = """
                {"spec":{"securityContext":{"runAsNonRoot":true,"runAsUser":10001,"seccompProfile":{"type":"RuntimeDefault"}},
                 "containers":[{"name":"%s","image":"%s","command":["sleep","600"],
                 "securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}}]}}"""
                .formatted(INTRUDER, image("deployment/client"));
        kubectl("run", INTRUDER, "--image=" + image("deployment/client"), "--restart=Never",
                "--labels=app.kubernetes.io/name=" + INTRUDER, "--overrides=" + overrides);
        try {
            kubectl("wait", "--for=condition=Ready", "pod/" + INTRUDER, "--timeout=120s");
            List<String> problems = new ArrayList<>();
            String pod = "pod/" + INTRUDER;
            probe(problems, pod, "postgres", 5432, false);
            probe(problems, pod, "users-service", 8081, false);
            probe(problems, pod, "gateway", 8080, false);
            probe(problems, "deployment/consumer-service", "postgres", 5432, false);
            probe(problems, "deployment/client", "redis", 6379, false);
            probe(problems, "deployment/users-service", "postgres", 5432, true);
            probe(problems, "deployment/client", "users-service", 8081, true);
            probe(problems, "deployment/orders-service", "users-service", 8081, true);
            require(problems.isEmpty(), String.join("; ", problems));
        } finally {
            kubectl("delete", "pod", INTRUDER, "--wait=false", "--ignore-not-found");
        }
    }

    String image(String workload) throws Exception {
        return kubectl("get", workload, "-o", "jsonpath={.spec.template.spec.containers[0].image}").strip();
    }

    /**
     * Opens a TCP connection from FROM to HOST:PORT with curl: exit 7 (refused) or 28 (no answer in
     * 3 s) means the connection was not made; any other ending (an HTTP status, or a server that is
     * not HTTP hanging up: 1, 8, 52, 56) means it was. A failed name lookup (6) is neither.
     */
    void probe(List<String> problems, String from, String host, int port, boolean allowed) throws Exception {
        ProcessResult r = runStatus(List.of(KUBECTL, "--context", CONTEXT, "-n", NAMESPACE, "exec", from, "--",
                "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--connect-timeout", "3", "--max-time", "6",
                "http://" + host + ":" + port + "/"));
        String outcome = switch (r.status) {
            case 7, 28 -> "refused";
            case 6 -> "no such name";
            default -> r.status == 0 || r.status == 1 || r.status == 8 || r.status == 52 || r.status == 56 ? "connected" : "curl exit " + r.status;
        };
        boolean ok = allowed ? outcome.equals("connected") : outcome.equals("refused");
        System.out.printf("  %-32s -> %s:%d  %s (%s)%s%n", from, host, port, outcome,
                allowed ? "allowed" : "denied", ok ? "" : "  <- wrong");
        if (!ok) {
            problems.add(from + " -> " + host + ":" + port + " " + outcome + ", should be " + (allowed ? "connected" : "refused"));
        }
    }

    // ---- volumes

    void volumes() throws Exception {
        get("/forecast/BTC?model=theta&horizon=7", 200, Duration.ofSeconds(120));
        String before = get("/forecast/status", 200, REQUEST_TIMEOUT);
        long boots = number(before, "bootCount");
        String oldPod = podOf("forecast");
        System.out.printf("  forecast: boot %d in %s; deleting the pod%n", boots, oldPod);
        kubectl("delete", "pod", oldPod, "--wait=true");
        kubectl("rollout", "status", "deployment/forecast", "--timeout=300s");
        String after = awaitAnswer("/forecast/status", Duration.ofSeconds(60));
        System.out.printf("  forecast: boot %d in %s, modelsLoadedFromState %s%n", number(after, "bootCount"), podOf("forecast"),
                field(after, "modelsLoadedFromState"));
        require(number(after, "bootCount") == boots + 1, "the boot count went from " + boots + " to " + number(after, "bootCount"));
        require("true".equals(field(after, "modelsLoadedFromState")), "the new forecast pod loaded no model from its volume");

        String marker = post("/users", "{\"name\":\"Volume Check\",\"email\":\"volume-" + RUN + "@example.com\"}", 201);
        long id = number(marker, "id");
        long users = number(get("/users?size=1", 200, REQUEST_TIMEOUT), "totalElements");
        System.out.printf("  postgres: %d users (user %d just written); deleting pod postgres-0%n", users, id);
        kubectl("delete", "pod", "postgres-0", "--wait=true");
        kubectl("rollout", "status", "statefulset/postgres", "--timeout=300s");
        String page = awaitSteady("/users?size=1", Duration.ofSeconds(90));
        System.out.printf("  postgres: %d users after the new pod started%n", number(page, "totalElements"));
        require(number(page, "totalElements") == users, "users before " + users + ", after " + number(page, "totalElements"));
        // each users-service replica finds PostgreSQL again on its own; until then it answers 503
        awaitAnswer("/users/" + id, Duration.ofSeconds(60));
        delete("/users/" + id);
    }

    String podOf(String app) throws Exception {
        return kubectl("get", "pods", "-l", "app.kubernetes.io/name=" + app, "--field-selector=status.phase=Running",
                "-o", "jsonpath={.items[0].metadata.name}").strip();
    }

    // ---- rolling restart

    void rollingRestart() throws Exception {
        int clients = Integer.getInteger("clients", 4);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger requests = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Map<Long, String> acknowledged = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        Instant start = Instant.now();
        List<String> gatewayLog = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            pool.submit(() -> {
                for (int n = 0; !stop.get(); n++) {
                    String email = "rolling-" + RUN + "-" + client + "-" + n + "@example.com";
                    try {
                        requests.incrementAndGet();
                        HttpResponse<String> read = send(HttpRequest.newBuilder(BASE.resolve("/users/1")).GET());
                        if (read.statusCode() != 200) {
                            failures.add(at(start) + "GET /users/1 " + read.statusCode() + " " + read.body() + idOf(read));
                        }
                        requests.incrementAndGet();
                        HttpResponse<String> write = send(HttpRequest.newBuilder(BASE.resolve("/users"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Rolling\",\"email\":\"" + email + "\"}")));
                        if (write.statusCode() == 201) {
                            acknowledged.put(number(write.body(), "id"), email);
                        } else {
                            failures.add(at(start) + "POST /users " + write.statusCode() + " " + write.body() + idOf(write));
                        }
                    } catch (Exception e) {
                        failures.add(at(start) + e.getClass().getSimpleName() + ": " + e.getMessage());
                    }
                }
            });
        }
        try {
            Thread.sleep(3000);
            for (String deployment : List.of("users-service", "gateway")) {
                // the gateway's pods, and their logs, go with its restart: what they said is kept first
                gatewayLog.addAll(gatewayLog());
                System.out.printf("  %srestarting deployment/%s under load (%d requests so far)%n", at(start), deployment, requests.get());
                kubectl("rollout", "restart", "deployment/" + deployment);
                kubectl("rollout", "status", "deployment/" + deployment, "--timeout=300s");
                // the old pods' endpoints leave the controller's table a moment after the rollout ends
                Thread.sleep(5000);
            }
        } finally {
            stop.set(true);
            pool.shutdown();
            pool.awaitTermination(60, TimeUnit.SECONDS);
        }
        int lost = 0;
        for (Map.Entry<Long, String> write : acknowledged.entrySet()) {
            HttpResponse<String> stored = send(HttpRequest.newBuilder(BASE.resolve("/users/" + write.getKey())).GET());
            if (stored.statusCode() != 200 || !write.getValue().equals(field(stored.body(), "email"))) {
                lost++;
            }
            send(HttpRequest.newBuilder(BASE.resolve("/users/" + write.getKey())).DELETE());
        }
        System.out.printf("  %d requests by %d clients, %d failed; %d writes acknowledged, %d of them not stored%n",
                requests.get(), clients, failures.size(), acknowledged.size(), lost);
        failures.stream().limit(10).forEach(f -> System.out.println("    " + f));
        if (!failures.isEmpty()) {
            gatewayLog.addAll(gatewayLog());
            System.out.println("  the gateway's log lines for them:");
            gatewayLog.stream().filter(line -> failures.stream().anyMatch(f -> f.contains(" id=")
                    && line.contains(f.substring(f.lastIndexOf(" id=") + 1)))).distinct()
                    .forEach(line -> System.out.println("    " + line));
        }
        require(acknowledged.size() > 0, "no write was acknowledged: the load did not run");
        require(failures.isEmpty(), failures.size() + " of " + requests.get() + " requests failed");
        require(lost == 0, lost + " acknowledged writes are not stored");
    }

    static String idOf(HttpResponse<String> response) {
        return response.headers().firstValue("X-Request-Id").map(id -> " id=" + id).orElse("");
    }

    /** Every line the gateway's running pods have logged, each prefixed with its pod. */
    List<String> gatewayLog() throws Exception {
        return kubectl("logs", "-l", "app.kubernetes.io/name=gateway", "--prefix", "--tail=-1", "--max-log-requests=10")
                .lines().toList();
    }

    static String at(Instant start) {
        return String.format("[%5.1f s] ", Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }

    // ---- readiness

    void readiness() throws Exception {
        String user = post("/users", "{\"name\":\"Readiness Check\",\"email\":\"ready-" + RUN + "@example.com\"}", 201);
        long userId = number(user, "id");
        String order = post("/orders", "{\"userId\":" + userId + ",\"items\":[{\"sku\":\"CHECK-1\",\"quantity\":1,\"unitPrice\":\"2.50\"}]}", 201);
        long orderId = number(order, "id");
        try {
            System.out.println("  scaling users-service to 0");
            kubectl("scale", "deployment/users-service", "--replicas=0");
            kubectl("wait", "--for=delete", "pod", "-l", "app.kubernetes.io/name=users-service", "--timeout=120s");
            // a few readiness periods, so a probe that asks users-service would have failed by now
            Thread.sleep(15_000);
            String ready = kubectl("get", "deployment/orders-service", "-o", "jsonpath={.status.readyReplicas}").strip();
            System.out.printf("  orders-service ready replicas with users-service gone: %s%n", ready.isEmpty() ? "0" : ready);
            require("2".equals(ready), "orders-service has " + (ready.isEmpty() ? "0" : ready) + " ready replicas of 2 while users-service is gone");
            String read = get("/orders/" + orderId, 200, REQUEST_TIMEOUT);
            System.out.printf("  GET /orders/%d: 200 %s%n", orderId, read.length() > 80 ? read.substring(0, 80) + "..." : read);
            HttpResponse<String> write = send(HttpRequest.newBuilder(BASE.resolve("/orders"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":" + userId + ",\"items\":[{\"sku\":\"CHECK-2\",\"quantity\":1,\"unitPrice\":\"1.00\"}]}")));
            String type = write.headers().firstValue("Content-Type").orElse("");
            System.out.printf("  POST /orders: %d %s%n", write.statusCode(), type);
            require(write.statusCode() == 503 && type.startsWith("application/problem+json"),
                    "POST /orders without users-service answered " + write.statusCode() + " " + type);
        } finally {
            kubectl("scale", "deployment/users-service", "--replicas=2");
            kubectl("rollout", "status", "deployment/users-service", "--timeout=300s");
        }
        awaitAnswer("/users/" + userId, Duration.ofSeconds(60));
        delete("/users/" + userId);
    }

    // ---- HTTP through the Ingress

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    String get(String path, int status, Duration timeout) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(BASE.resolve(path)).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        require(r.statusCode() == status, "GET " + path + " answered " + r.statusCode() + " " + r.body());
        return r.body();
    }

    String post(String path, String json, int status) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(BASE.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
        require(r.statusCode() == status, "POST " + path + " answered " + r.statusCode() + " " + r.body());
        return r.body();
    }

    void delete(String path) throws Exception {
        send(HttpRequest.newBuilder(BASE.resolve(path)).DELETE());
    }

    /**
     * Polls GET PATH until it answers 200 twenty times in a row: through a Service of two replicas,
     * both have found their database again (each replica's pool reconnects on its own).
     */
    String awaitSteady(String path, Duration limit) throws Exception {
        return awaitInARow(path, limit, 20);
    }

    /** Polls GET PATH until it answers 200, for a service that has just come back. */
    String awaitAnswer(String path, Duration limit) throws Exception {
        return awaitInARow(path, limit, 1);
    }

    /** Polls GET PATH, 500 ms after each other answer, until it answers 200 TIMES times in a row. */
    String awaitInARow(String path, Duration limit, int times) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        int inARow = 0;
        String body = null;
        String last = "";
        while (inARow < times) {
            require(Instant.now().isBefore(deadline), "GET " + path + " did not answer 200 " + times + " time(s) in a row within "
                    + limit.toSeconds() + " s (last: " + last + ")");
            try {
                HttpResponse<String> r = send(HttpRequest.newBuilder(BASE.resolve(path)).GET());
                if (r.statusCode() == 200) {
                    inARow++;
                    body = r.body();
                    continue;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            inARow = 0;
            Thread.sleep(500);
        }
        return body;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\"([^\"]*)\"|[^,}\\]]+)").matcher(json);
        return m.find() ? (m.group(2) != null ? m.group(2) : m.group(1).trim()) : null;
    }

    static long number(String json, String name) throws Failure {
        String value = field(json, name);
        require(value != null && value.matches("-?\\d+"), "no number " + name + " in " + json);
        return Long.parseLong(value);
    }

    // ---- kubectl

    record ProcessResult(int status, String out) {
    }

    String kubectl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(KUBECTL, "--context", CONTEXT, "-n", NAMESPACE));
        command.addAll(List.of(args));
        return run(command);
    }

    static String run(List<String> command) throws Exception {
        ProcessResult r = runStatus(command);
        require(r.status == 0, String.join(" ", command) + " failed (exit " + r.status + "): " + r.out.strip());
        return r.out;
    }

    static ProcessResult runStatus(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new ProcessResult(p.waitFor(), out);
    }
}
