package microlab.e2e.observability;

import microlab.e2e.Http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks, against a running system and a real Jaeger and Prometheus, what the observability of microlab promises:
 * <ol>
 *   <li>for each gateway given (the direct path, the filter path): one {@code POST /orders} is one trace in
 *   Jaeger, whole (one root: the gateway's server span), with spans of the gateway, orders-service and
 *   users-service, among them users-service's Redis and PostgreSQL calls; and an order for a missing user answers problem+json whose {@code traceId} finds the same
 *   kind of trace and the log lines written for it;</li>
 *   <li>Prometheus has every job's targets up;</li>
 *   <li>every query of the dashboard returns data: at least one series with a number (not NaN).</li>
 * </ol>
 * Usage: {@code ObservabilityCheck --gateway NAME=URL [--gateway NAME=URL] --jaeger URL --prometheus URL
 * --dashboard FILE --jobs a,b,c [--logs DIR]}. Exits 1 at the first promise not kept, saying which.
 */
public final class ObservabilityCheck {

    static final Set<String> TRACED_SERVICES = Set.of("gateway", "orders-service", "users-service");
    /** users-service reads the user from its Redis cache and, on a miss, from PostgreSQL: a span for each. */
    static final Set<String> TRACED_STORES = Set.of("redis", "postgresql");
    static final Duration EXPORT_WAIT = Duration.ofSeconds(30);
    static final Duration SCRAPE_WAIT = Duration.ofSeconds(90);

    private final Map<String, String> gateways = new LinkedHashMap<>();
    private Jaeger jaeger;
    private Prometheus prometheus;
    private Path dashboard;
    private List<String> jobs = List.of();
    private Path logs;

    public static void main(String[] args) {
        try {
            new ObservabilityCheck().parse(args).run();
            System.out.println("observability check: passed");
        } catch (RuntimeException e) {
            System.out.println("observability check: FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    ObservabilityCheck parse(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--gateway" -> gateways.put(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
                case "--jaeger" -> jaeger = new Jaeger(value);
                case "--prometheus" -> prometheus = new Prometheus(value);
                case "--dashboard" -> dashboard = Path.of(value);
                case "--jobs" -> jobs = List.of(value.split(","));
                case "--logs" -> logs = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (gateways.isEmpty() || jaeger == null || prometheus == null || dashboard == null || jobs.isEmpty()) {
            throw new IllegalArgumentException("usage: --gateway NAME=URL... --jaeger URL --prometheus URL --dashboard FILE --jobs a,b [--logs DIR]");
        }
        return this;
    }

    void run() {
        gateways.forEach(this::traces);
        // rates and quantiles need requests between scrapes: a few a second, through every gateway, while waiting
        Thread traffic = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    gateways.values().forEach(gateway -> new Http(gateway).get("/users/1"));
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // a failed request is the targets' and queries' business: they say what is down
                }
            }
        }, "traffic");
        traffic.setDaemon(true);
        traffic.start();
        try {
            targets();
            dashboardQueries();
        } finally {
            traffic.interrupt();
        }
    }

    /** One order placed with the caller's traceparent, one refused: each one whole trace across the three services. */
    private void traces(String path, String gateway) {
        System.out.printf("%n== traces through the gateway's %s (%s)%n", path, gateway);
        Orders orders = new Orders(new Http(gateway));
        long user = orders.createUser();
        String traceId = HexFormat.of().formatHex(random(16));
        String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(random(8)) + "-01";
        HttpResponse<String> placed = orders.place(user, traceparent);
        expect(placed.statusCode() == 201, "POST /orders -> " + placed.statusCode() + ": " + placed.body());
        System.out.printf("POST /orders with traceparent %s -> 201%n", traceparent);
        wholeTrace(traceId);

        HttpResponse<String> refused = orders.place(Long.MAX_VALUE / 2, null);
        String type = refused.headers().firstValue("Content-Type").orElse("");
        expect(refused.statusCode() / 100 == 4 && type.startsWith("application/problem+json"),
                "POST /orders for a missing user -> " + refused.statusCode() + " " + type + ": " + refused.body());
        String quoted = Http.read(refused.body(), Problem.class).traceId();
        expect(quoted != null && quoted.matches("[0-9a-f]{32}"), "the problem carries no trace id: " + refused.body());
        System.out.printf("POST /orders for a missing user -> %d problem+json, traceId %s%n", refused.statusCode(), quoted);
        wholeTrace(quoted);
        if (logs != null) {
            logLines(quoted);
        }
    }

    record Problem(String title, int status, String traceId) {
    }

    /**
     * Waits for the whole trace: the services and stores expected, and one tree under the gateway's span. Each
     * service exports its spans in batches of its own, so a trace read early can lack a parent that is still on its
     * way: only a trace still broken when the wait ends is a failure, and the failure says how it was broken.
     */
    private void wholeTrace(String traceId) {
        List<String> partial = new ArrayList<>();
        Jaeger.Trace trace = Http.await("trace " + traceId + " in Jaeger, one tree under the gateway with spans of " + TRACED_SERVICES
                + " and of users-service's " + TRACED_STORES, EXPORT_WAIT, () -> {
                    Jaeger.Trace found = jaeger.trace(traceId).orElseThrow(() -> new IllegalStateException("no such trace yet"));
                    String broken = broken(found);
                    if (broken != null) {
                        partial.add(found.spans().size() + " spans, " + broken);
                        throw new IllegalStateException(broken);
                    }
                    return found;
                });
        if (!partial.isEmpty()) {
            System.out.printf("Jaeger: read %d time(s) while its spans still arrived, first %s%n", partial.size(), partial.get(0));
        }
        System.out.printf("Jaeger: trace %s, %d spans, one root (gateway), services %s%n", traceId, trace.spans().size(), services(trace));
        trace.spans().stream().sorted((a, b) -> Long.compare(a.startTime(), b.startTime())).forEach(span ->
                System.out.printf("  %-17s %-34s %7.2f ms%n", trace.serviceOf(span), span.operationName(), span.duration() / 1000.0));
    }

    /** Why the trace is not yet whole, or null when it is. */
    static String broken(Jaeger.Trace trace) {
        if (!services(trace).containsAll(TRACED_SERVICES)) {
            return "services " + services(trace);
        }
        for (String store : TRACED_STORES) {
            if (trace.spans().stream().noneMatch(span -> trace.serviceOf(span).equals("users-service") && store.equals(storeOf(span)))) {
                return "no span of users-service's " + store;
            }
        }
        for (Jaeger.Span span : trace.spans()) {
            if (!span.traceID().equals(trace.traceID())) {
                return "span " + span.spanID() + " is in trace " + span.traceID();
            }
        }
        List<Jaeger.Span> roots = trace.roots();
        if (roots.size() != 1 || !trace.serviceOf(roots.get(0)).equals("gateway")) {
            return "not one tree under the gateway: roots " + roots.stream().map(root -> trace.serviceOf(root) + " " + root.operationName()).toList();
        }
        return null;
    }

    /** The store a client span talks to (the semantic conventions' old and new attribute), or null. */
    private static String storeOf(Jaeger.Span span) {
        return span.tag("db.system.name").or(() -> span.tag("db.system")).orElse(null);
    }

    private static Set<String> services(Jaeger.Trace trace) {
        Set<String> services = new TreeSet<>();
        trace.spans().forEach(span -> services.add(trace.serviceOf(span)));
        return services;
    }

    /** The lines of every service log that carry the trace id; the gateway's access log line must be one. */
    private void logLines(String traceId) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.filter(file -> file.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file).stream().filter(line -> line.contains(traceId)).toList();
                if (!lines.isEmpty()) {
                    found.put(file.getFileName().toString(), lines);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf("logs carrying %s:%n", traceId);
        found.forEach((file, lines) -> lines.forEach(line -> System.out.printf("  %s: %s%n", file, line)));
        expect(found.keySet().stream().anyMatch(file -> file.startsWith("gateway")), "no line of a gateway log carries trace " + traceId);
    }

    private void targets() {
        System.out.printf("%n== Prometheus targets%n");
        List<Prometheus.Target> targets = Http.await("every job's targets up (" + jobs + ")", SCRAPE_WAIT, () -> {
            List<Prometheus.Target> now = prometheus.targets();
            boolean allUp = jobs.stream().allMatch(job -> now.stream().anyMatch(target -> target.job().equals(job))
                    && now.stream().filter(target -> target.job().equals(job)).allMatch(target -> "up".equals(target.health())));
            if (!allUp) {
                throw new IllegalStateException(now.stream().map(target -> target.job() + " " + target.health() + " "
                        + target.lastError()).toList().toString());
            }
            return now;
        });
        targets.forEach(target -> System.out.printf("  %-17s %-22s %s%n", target.job(), target.labels().get("instance"), target.health()));
    }

    private void dashboardQueries() {
        List<Dashboard.Query> queries = Dashboard.queries(dashboard);
        System.out.printf("%n== the %d queries of %s%n", queries.size(), dashboard.getFileName());
        List<String> empty = new ArrayList<>();
        for (Dashboard.Query query : queries) {
            List<Prometheus.Series> series;
            try {
                series = Http.await("data for \"" + query.panel() + "\": " + query.expr(), SCRAPE_WAIT, () -> {
                    List<Prometheus.Series> now = prometheus.query(query.expr());
                    return now.stream().anyMatch(Prometheus.Series::hasNumber) ? now : null;
                });
            } catch (IllegalStateException e) {
                empty.add(query.panel() + ": " + query.expr());
                continue;
            }
            Prometheus.Series first = series.get(0);
            System.out.printf("  %-40s %3d series, e.g. %s = %s%n", query.panel(), series.size(), first.metric(), first.valueText());
        }
        expect(empty.isEmpty(), "queries without data: " + empty);
    }

    private static void expect(boolean condition, String failure) {
        if (!condition) {
            throw new IllegalStateException(failure);
        }
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return value;
    }

    /** The two calls of the trace check, through a gateway. */
    private record Orders(Http gateway) {

        long createUser() {
            String email = "trace-" + HexFormat.of().formatHex(random(6)) + "@example.com";
            HttpResponse<String> created = gateway.send("POST", "/users", "{\"name\":\"Trace Check\",\"email\":\"" + email + "\"}");
            expect(created.statusCode() == 201, "POST /users -> " + created.statusCode() + ": " + created.body());
            return Http.read(created.body(), Created.class).id();
        }

        HttpResponse<String> place(long user, String traceparent) {
            String order = "{\"userId\":" + user + ",\"items\":[{\"sku\":\"T-1\",\"quantity\":1,\"unitPrice\":\"1.00\"}]}";
            String key = "trace-" + HexFormat.of().formatHex(random(8));
            return traceparent == null
                    ? gateway.send("POST", "/orders", order, "Idempotency-Key", key)
                    : gateway.send("POST", "/orders", order, "Idempotency-Key", key, "traceparent", traceparent);
        }
    }

    record Created(long id) {
    }
}
