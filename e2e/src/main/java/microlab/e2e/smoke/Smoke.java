package microlab.e2e.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import microlab.e2e.Http;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * End-to-end check of a running microlab, through the gateway only: the same checks pass against {@code bin/up},
 * docker compose and the kind cluster (run by {@code bin/smoke [BASE_URL]}). One line a check; a scenario ends at
 * its first failure, which says what was expected and what came back, and the others still run. It creates a few
 * users and orders with unique e-mail addresses and deletes the users it created.
 */
public final class Smoke {

    static final List<String> ROUTES = List.of("/users", "/visits", "/orders", "/summary", "/forecast");
    static final List<String> DOCUMENTS = List.of("gateway", "users-service", "orders-service", "consumer-service", "forecast");
    /** Paths that escape their route's prefix towards a backend's management endpoints. */
    static final List<String> ESCAPES = List.of("/users/../health", "/users/../health/readiness", "/orders/../prometheus",
            "/users/%2e%2e/health", "/users/%2E%2E/prometheus", "/users/..%2fhealth", "/orders/%2F..%2Fhealth",
            "/summary/../health", "/forecast/../prometheus");
    static final int SEEDED_USERS = 6;

    private final Http gateway;
    private final String run = System.currentTimeMillis() + "-" + ProcessHandle.current().pid();
    private int passed;
    private int failed;

    Smoke(Http gateway) {
        this.gateway = gateway;
    }

    static final String USAGE = """
            Usage: bin/smoke [BASE_URL]

            Walks the scenarios through the gateway at BASE_URL (default http://localhost:8080):
              scenario 1  this check is a client reaching the system by its name
              scenario 5  the home page lists the routes; users and orders CRUD, errors as problem+json;
                          backends' /health and /prometheus and paths escaping their prefix stay unreachable
              scenario 3  GET /visits raises the Redis and the PostgreSQL counter by exactly one per call
              scenario 4  GET /summary agrees with users-service
              forecast    symbols, a 7-day naive forecast, the chart page
              docs        Swagger UI at /docs/ and each service's OpenAPI document at /docs/<service>.yml
            Prints one line per check and "smoke: N passed, M failed" last; exits 1 when anything failed.
            It creates a few users and orders with unique e-mail addresses and deletes the users it created.
            Needs a JDK 17+ (the check is Java: e2e/src/main/java/microlab/e2e/smoke). SMOKE_TIMEOUT sets the
            seconds allowed per request (default 30).
            """;

    public static void main(String[] args) {
        if (args.length > 0 && args[0].startsWith("-")) {
            boolean help = args[0].equals("-h") || args[0].equals("--help");
            (help ? System.out : System.err).print(help ? USAGE : "bin/smoke: error: unknown option " + args[0] + "; see bin/smoke --help.\n");
            System.exit(help ? 0 : 2);
        }
        System.exit(check(args.length > 0 ? args[0] : "http://localhost:8080"));
    }

    /** Every scenario against the gateway at base; 0 when all passed, else 1 (what failed is printed). */
    public static int check(String base) {
        Duration timeout = Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("SMOKE_TIMEOUT", "30")));
        return new Smoke(new Http(base, timeout)).runAll();
    }

    int runAll() {
        System.out.println("bin/smoke: checking " + gateway.base());
        long started = System.nanoTime();
        Map<String, Runnable> scenarios = new LinkedHashMap<>();
        scenarios.put("network", this::network);
        scenarios.put("home", this::home);
        scenarios.put("gateway_guards", this::guards);
        scenarios.put("users", this::users);
        scenarios.put("orders", this::orders);
        scenarios.put("visits", this::visits);
        scenarios.put("summary", this::summary);
        scenarios.put("forecast", this::forecast);
        scenarios.put("docs", this::docs);
        List<String> failedScenarios = new ArrayList<>();
        for (Map.Entry<String, Runnable> scenario : scenarios.entrySet()) {
            if (!run(scenario.getValue())) {
                failedScenarios.add(scenario.getKey());
                if (scenario.getKey().equals("network")) {
                    System.out.println("bin/smoke: nothing answers at " + gateway.base() + ", so nothing else can be checked; "
                            + "start the system (bin/up, compose or kind) and run bin/smoke again.");
                    System.out.println("smoke: 0 passed, 1 failed");
                    return 1;
                }
            }
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        if (failedScenarios.isEmpty()) {
            System.out.printf("bin/smoke: everything answered as expected at %s (%d s)%n", gateway.base(), seconds);
        } else {
            System.out.printf("bin/smoke: FAILED in %s (%d s); the lines marked FAIL say what was expected and what came back.%n",
                    String.join(" ", failedScenarios), seconds);
        }
        System.out.printf("smoke: %d passed, %d failed%n", passed, failed);
        return failedScenarios.isEmpty() ? 0 : 1;
    }

    private boolean run(Runnable scenario) {
        try {
            scenario.run();
            return true;
        } catch (Answer.Failed e) {
            failed++;
            System.out.println("  FAIL  " + e.getMessage());
            String body = e.answer.body().replace("\n", "");
            System.out.printf("        response %d %s: %s%n", e.answer.status(), e.answer.contentType(), body.substring(0, Math.min(400, body.length())));
            return false;
        } catch (Http.Unreachable | IllegalStateException e) {
            failed++;
            System.out.println("  FAIL  " + e.getMessage()
                    + (e instanceof Http.Unreachable ? "; is the system running (bin/up, compose or kind)?" : ""));
            return false;
        }
    }

    private Answer get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    private Answer post(String path, String json, String... headers) {
        return send("POST", path, json, headers);
    }

    private Answer delete(String path) {
        return send("DELETE", path, null);
    }

    /** headers: name, value, name, value... */
    private Answer send(String method, String path, String json, String... headers) {
        return Answer.of(method + " " + path, gateway.send(method, path, json, headers));
    }

    private void ok(String what) {
        passed++;
        System.out.println("  ok    " + what);
    }

    private static void scenario(String title) {
        System.out.println(title);
    }

    void network() {
        scenario("scenario 1: this check is the client; it reaches the system by name (" + gateway.host() + ")");
        get("/", "Accept", "application/json").expectStatus(200);
        ok("GET " + gateway.base() + "/ -> 200: '" + gateway.host() + "' resolved and answered");
    }

    void home() {
        scenario("scenario 5: one public entry point routes to the internal services");
        Answer home = get("/", "Accept", "application/json").expectJson(200);
        List<String> routes = home.all("routes", "prefix");
        if (!routes.containsAll(ROUTES)) {
            home.fail("expected the route table to list " + ROUTES + ", it lists " + routes);
        }
        ok("GET / (JSON) -> 200, routes " + routes + " and " + home.at("backends").size() + " backends with their readiness");
        Answer page = get("/", "Accept", "text/html").expectStatus(200).expectType("text/html");
        if (!page.body().contains("/users")) {
            page.fail("expected the page to show the route /users");
        }
        ok("GET / (browser) -> 200 text/html with the route table");
        get("/no-such-route-" + run).expectProblem(404);
        ok("GET /no-such-route-... -> 404 problem+json");
        Answer created = get("/users?size=1").expectStatus(200);
        if (created.header("x-request-id").isEmpty()) {
            created.fail("expected the gateway to give the request an X-Request-Id, the response has none");
        }
        ok("GET /users -> X-Request-Id " + created.header("x-request-id") + " created by the gateway");
        String id = "smoke-" + run;
        Answer passedOn = get("/users?size=1", "X-Request-Id", id).expectStatus(200);
        if (!passedOn.header("x-request-id").equals(id)) {
            passedOn.fail("expected X-Request-Id " + id + " back, got '" + passedOn.header("x-request-id") + "'");
        }
        ok("GET /users with X-Request-Id: " + id + " -> the same id back");
    }

    void guards() {
        scenario("scenario 5: backends' management endpoints stay internal");
        for (String path : ESCAPES) {
            Answer answer = get(path).expectStatus(400, 404);
            if (answer.body().contains("\"status\":\"UP\"") || answer.body().contains("# HELP")) {
                answer.fail("a backend's management endpoint answered through the gateway");
            }
            ok("GET " + path + " -> " + answer.status() + ", not routed");
        }
    }

    void users() {
        scenario("scenario 5: users through the gateway");
        Answer page = get("/users").expectJson(200);
        for (String field : List.of("page", "size", "totalPages")) {
            page.number(field);
        }
        long total = page.number("totalElements");
        if (total < SEEDED_USERS || page.at("content").isEmpty()) {
            page.fail("expected at least the " + SEEDED_USERS + " seeded users in a non-empty content, totalElements = " + total);
        }
        ok("GET /users -> 200, page of " + page.at("content").size() + ", totalElements " + total);

        Answer inactive = get("/users?active=false&size=100").expectStatus(200);
        List<String> active = inactive.all("content", "active");
        if (active.isEmpty() || active.stream().anyMatch(a -> !a.equals("false"))) {
            inactive.fail("expected only inactive users, and some (the seeded ones), got active = " + active);
        }
        ok("GET /users?active=false -> only inactive users (" + active.size() + ")");

        String email = "smoke-" + run + "@example.com";
        Answer created = post("/users", "{\"name\":\"Smoke Test\",\"email\":\"" + email + "\"}").expectStatus(201)
                .expectField("email", email).expectField("active", "true");
        long id = created.number("id");
        created.at("createdAt");
        String path = created.locationPath();
        if (!path.equals("/users/" + id)) {
            created.fail("expected Location /users/" + id + ", got '" + created.header("location") + "'");
        }
        ok("POST /users -> 201, id " + id + ", Location " + created.header("location"));

        get(path).expectStatus(200).expectField("id", Long.toString(id)).expectField("name", "Smoke Test").expectField("email", email);
        ok("GET " + path + " -> 200, the same user");
        post("/users", "{\"name\":\"Smoke Again\",\"email\":\"" + email + "\"}").expectProblem(409);
        ok("POST /users with the same e-mail -> 409 problem+json");
        post("/users", "{\"name\":\"Smoke Bad\",\"email\":\"not-an-email\"}").expectProblem(400);
        ok("POST /users with a malformed e-mail -> 400 problem+json");
        post("/users", "{\"name\":\"Smoke Broken\",").expectProblem(400);
        ok("POST /users with broken JSON -> 400 problem+json");
        get("/users/999999999").expectProblem(404);
        ok("GET /users/999999999 -> 404 problem+json");
        delete("/users/" + id).expectStatus(204);
        get("/users/" + id).expectProblem(404);
        ok("DELETE /users/" + id + " -> 204, then GET -> 404");
    }

    void orders() {
        scenario("scenario 5: orders through the gateway (orders-service asks users-service)");
        long user = post("/users", "{\"name\":\"Smoke Buyer\",\"email\":\"smoke-buyer-" + run + "@example.com\"}")
                .expectStatus(201).number("id");
        String key = "smoke-" + run;
        String body = "{\"userId\":" + user + ",\"items\":[{\"sku\":\"A-1\",\"quantity\":2,\"unitPrice\":\"9.99\"}]}";
        Answer placed = post("/orders", body, "Idempotency-Key", key).expectStatus(201)
                .expectField("userId", Long.toString(user)).expectField("status", "CREATED").expectField("items.0.sku", "A-1");
        long order = placed.number("id");
        BigDecimal total = new BigDecimal(placed.text("total"));
        if (total.compareTo(new BigDecimal("19.98")) != 0) {
            placed.fail("expected total 19.98 (2 x 9.99), got " + total);
        }
        placed.at("createdAt");
        ok("POST /orders -> 201, order " + order + " for user " + user + ", total " + total + ", CREATED");

        Answer again = post("/orders", body, "Idempotency-Key", key).expectStatus(200, 201).expectField("id", Long.toString(order));
        ok("POST /orders again with the same Idempotency-Key -> " + again.status() + ", the same order " + order);
        post("/orders", "{\"userId\":" + user + ",\"items\":[{\"sku\":\"B-2\",\"quantity\":1,\"unitPrice\":\"1.00\"}]}",
                "Idempotency-Key", key).expectProblem(422);
        ok("POST /orders with that key and another body -> 422 problem+json");
        get("/orders/" + order).expectStatus(200).expectField("id", Long.toString(order)).expectField("status", "CREATED");
        ok("GET /orders/" + order + " -> 200, CREATED");
        Answer listed = get("/orders?userId=" + user).expectStatus(200);
        if (!listed.all("content", "id").contains(Long.toString(order))) {
            listed.fail("expected order " + order + " in content, got ids " + listed.all("content", "id"));
        }
        ok("GET /orders?userId=" + user + " -> 200, lists order " + order);
        post("/orders/" + order + "/status", "{\"status\":\"PAID\"}").expectStatus(200).expectField("status", "PAID");
        ok("POST /orders/" + order + "/status PAID -> 200, CREATED -> PAID");
        post("/orders/" + order + "/status", "{\"status\":\"CREATED\"}").expectProblem(409);
        ok("POST /orders/" + order + "/status CREATED -> 409 problem+json (PAID -> CREATED is not allowed)");
        post("/orders", "{\"userId\":999999999,\"items\":[{\"sku\":\"A-1\",\"quantity\":1,\"unitPrice\":\"1.00\"}]}").expectProblem(422);
        ok("POST /orders for an unknown user -> 422 problem+json");
        post("/orders", "{\"userId\":" + user + ",\"items\":[{\"sku\":\"A-1\",\"quantity\":0,\"unitPrice\":\"1.00\"}]}").expectProblem(400);
        ok("POST /orders with quantity 0 -> 400 problem+json");
        get("/orders/999999999").expectProblem(404);
        ok("GET /orders/999999999 -> 404 problem+json");
        delete("/users/" + user).expectStatus(204);
    }

    void visits() {
        scenario("scenario 3: web + cache + database");
        Answer first = get("/visits").expectJson(200);
        long redis = first.number("redis");
        long postgres = first.number("postgres");
        ok("GET /visits -> 200, redis " + redis + ", postgres " + postgres);
        Answer second = get("/visits").expectStatus(200);
        if (second.number("redis") != redis + 1 || second.number("postgres") != postgres + 1) {
            second.fail("expected both counters raised by exactly 1, from redis " + redis + " and postgres " + postgres
                    + ", got redis " + second.number("redis") + " and postgres " + second.number("postgres"));
        }
        ok("GET /visits again -> redis " + second.number("redis") + ", postgres " + second.number("postgres") + ": both raised by exactly 1");
    }

    /**
     * consumer-service answers from a summary up to 5 s old (its max-age) and refreshes it on demand: an earlier
     * run's summary may predate this run's users, so agreement may take one refresh; and with many users the first
     * walk through their pages outlasts a request (a 503 or a stale answer until it ends), so this waits up to 30 s.
     */
    void summary() {
        scenario("scenario 4: consumer-service reads users-service");
        Answer summary = null;
        long usersTotal = 0;
        long usersActive = 0;
        for (int attempt = 1; attempt <= 30; attempt++) {
            usersTotal = get("/users?size=1").expectStatus(200).number("totalElements");
            usersActive = get("/users?active=true&size=1").expectStatus(200).number("totalElements");
            summary = get("/summary");
            boolean last = attempt == 30;
            if (summary.status() == 503 && !last) {
                pause();
                continue;
            }
            summary.expectJson(200);
            if (summary.number("total") == usersTotal && summary.number("active") == usersActive && !summary.json().path("stale").asBoolean(false)) {
                break;
            }
            if (last) {
                summary.fail("expected total " + usersTotal + " and active " + usersActive + " as users-service says, got total "
                        + summary.number("total") + " and active " + summary.number("active") + " for 30 s");
            }
            pause();
        }
        summary.at("fetchedAt");
        long age = summary.number("ageMillis");
        long total = summary.number("total");
        long active = summary.number("active");
        JsonNode listed = summary.at("activeUsers");
        if (total < SEEDED_USERS) {
            summary.fail("expected total >= " + SEEDED_USERS + " (the seeded users), got " + total);
        }
        if (active != listed.size()) {
            summary.fail("expected active (" + active + ") to equal the length of activeUsers (" + listed.size() + ")");
        }
        if (summary.all("activeUsers", "email").stream().anyMatch(e -> !e.contains("@"))) {
            summary.fail("expected every active user to carry an e-mail");
        }
        ok("GET /summary -> 200, total " + total + ", active " + active + " = " + listed.size() + " listed, as users-service says (summary "
                + age + " ms old)");
    }

    void forecast() {
        scenario("forecast: models over the price history");
        Answer symbols = get("/forecast/symbols").expectStatus(200);
        if (!symbols.body().contains("\"BTC\"")) {
            symbols.fail("expected BTC among the symbols");
        }
        ok("GET /forecast/symbols -> 200, lists BTC");
        Answer naive = get("/forecast/BTC?model=naive&horizon=7").expectJson(200).expectField("model", "naive");
        JsonNode points = naive.at("forecast");
        if (points.size() != 7) {
            naive.fail("expected 7 points in 'forecast', got " + points.size());
        }
        for (JsonNode point : points) {
            double lower = point.path("lower").asDouble(Double.NaN);
            double mean = point.path("mean").asDouble(Double.NaN);
            double upper = point.path("upper").asDouble(Double.NaN);
            if (!(lower <= mean && mean <= upper)) {
                naive.fail("expected lower <= mean <= upper at every point, got " + point);
            }
        }
        ok("GET /forecast/BTC?model=naive&horizon=7 -> 200, 7 points, each inside its interval");
        get("/forecast/", "Accept", "text/html").expectStatus(200).expectType("text/html");
        ok("GET /forecast/ -> 200 text/html (the chart page)");
    }

    void docs() {
        scenario("docs: Swagger UI and every service's OpenAPI document, through the gateway");
        get("/docs/", "Accept", "text/html").expectStatus(200).expectType("text/html");
        ok("GET /docs/ -> 200 text/html (Swagger UI)");
        for (String name : DOCUMENTS) {
            Answer document = get("/docs/" + name + ".yml").expectStatus(200).expectType("application/yaml");
            String text = document.body();
            if (!text.startsWith("openapi: 3") && !text.contains("\nopenapi: 3")) {
                document.fail("expected an OpenAPI 3 document");
            }
            if (!text.contains("\n  title: " + name + "\n")) {
                document.fail("expected the document titled " + name);
            }
            if (!text.contains("application/problem+json")) {
                document.fail("expected its problem+json responses described");
            }
            ok("GET /docs/" + name + ".yml -> 200, the OpenAPI 3 document of " + name);
        }
        get("/docs/nothing.yml").expectProblem(404);
        ok("GET /docs/nothing.yml -> 404 problem+json");
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
