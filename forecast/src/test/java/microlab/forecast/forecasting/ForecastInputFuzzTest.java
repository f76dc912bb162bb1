package microlab.forecast.forecasting;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import microlab.forecast.TempFolders;
import microlab.forecast.price.PriceStore;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated bad input for POST /forecast (values, horizon, level, period and model of the wrong type
 * or out of range, keys twice, bodies cut short, wrong Content-Type) and for a CSV price upload (bad
 * dates, closes, headers, repeated days): each must get a 4xx problem+json, and a refused upload
 * must not create the asset.
 */
class ForecastInputFuzzTest {

    private static final String SYMBOL = "FUZZ";
    private static ApplicationContext context;
    private static URI base;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeContainer
    static void start() throws Exception {
        context = ApplicationContext.run(Map.of("forecast.state-dir",
                TempFolders.create("forecast-fuzz").toString()), "test");
        base = context.getBean(EmbeddedServer.class).start().getURI();
    }

    @AfterContainer
    static void stop() {
        context.close();
    }

    @Property(tries = 600)
    void aBadForecastRequestIs4xx(@ForAll("badForecasts") Bad bad) throws Exception {
        HttpResponse<String> response = post("/forecast", bad);
        assertProblem(bad, response);
    }

    @Property(tries = 500)
    void aBadUploadIs4xxAndCreatesNothing(@ForAll("badUploads") Bad bad) throws Exception {
        HttpResponse<String> response = post("/forecast/prices/" + SYMBOL, bad);
        assertProblem(bad, response);
        assertTrue(context.getBean(PriceStore.class).asset(SYMBOL).isEmpty(), bad::toString);
    }

    record Bad(String what, String body, String contentType) {
    }

    private static HttpResponse<String> post(String path, Bad bad) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(bad.body()));
        if (bad.contentType() != null) {
            request.header("Content-Type", bad.contentType());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(Bad bad, HttpResponse<String> response) {
        assertTrue(response.statusCode() >= 400 && response.statusCode() < 500,
                () -> bad + " -> " + response.statusCode() + " " + response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""), bad::toString);
    }

    private static Map<String, String> request() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("values", "[1,2,3,4,5,6,7,8,9,10,11,12]");
        fields.put("horizon", "3");
        fields.put("level", "80");
        fields.put("period", "1");
        fields.put("model", "\"naive\"");
        return fields;
    }

    private static String json(Map<String, String> fields) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return out.append('}').toString();
    }

    @Provide
    Arbitrary<Bad> badForecasts() {
        Arbitrary<Bad> field = Arbitraries.of("values", "horizon", "level", "period", "periods", "model").flatMap(name ->
                badValue(name).map(v -> {
                    Map<String, String> fields = request();
                    fields.put(name, v);
                    return new Bad(name + " " + v, json(fields), "application/json");
                }));
        Arbitrary<Bad> twice = Arbitraries.of("values", "horizon", "model").map(name -> {
            String body = json(request());
            return new Bad(name + " twice", body.substring(0, body.length() - 1) + ",\"" + name + "\":" + request().get(name) + "}",
                    "application/json");
        });
        String body = json(request());
        Arbitrary<Bad> cut = Arbitraries.integers().between(0, body.length() - 1)
                .map(n -> new Bad("cut after " + n, body.substring(0, n), "application/json"));
        Arbitrary<Bad> type = Arbitraries.of("text/plain", "text/csv", "", "json").injectNull(0.2)
                .map(t -> new Bad("Content-Type " + t, body, t));
        return Arbitraries.oneOf(field, field, twice, cut, type);
    }

    private static Arbitrary<String> badValue(String name) {
        Arbitrary<String> notNumbers = Arbitraries.of("true", "\"3\"", "[3]", "{}", "\"\"");
        return switch (name) {
            case "values" -> Arbitraries.oneOf(
                    Arbitraries.of("[]", "[1]", "\"1,2,3\"", "{}", "true", "[1,true,3]", "[1,\"2\",3]", "[1,null,3]",
                            "[1,[2],3]", "[1e400,2,3]", "[1,2,-1e999]"),
                    Arbitraries.integers().between(10_001, 12_000).map(n -> "[" + "1,".repeat(n - 1) + "1]"));
            case "horizon" -> Arbitraries.oneOf(notNumbers, Arbitraries.of("0", "-1", "366", "1.5", "1e309", "2147483648"),
                    Arbitraries.integers().greaterOrEqual(366).map(String::valueOf));
            case "level" -> Arbitraries.oneOf(notNumbers, Arbitraries.of("49", "100", "80.5", "-1e400"),
                    Arbitraries.integers().between(100, 10_000).map(String::valueOf));
            case "period" -> Arbitraries.oneOf(notNumbers, Arbitraries.of("0", "-3", "7", "1.5", "1e309"));
            // with the request's 12 values no period above 6 fits two cycles; "period": 1 is not the shortest of these
            case "periods" -> Arbitraries.of("[]", "[1]", "[0, 2]", "[2, 2]", "[2, 3]", "[7]", "[2, 1.5]", "[2, 1e309]", "[2, true]",
                    "[\"2\"]", "2", "\"2,3\"", "{}", "[2, 3, 4, 5, 6]", "[[2]]", "[2, null]");
            default -> Arbitraries.oneOf(Arbitraries.of("1", "true", "[\"naive\"]", "{}", "\"\"", "\"NAIVE \"", "\"naive,drift\""),
                    Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12).filter(s -> !s.matches("naive|snaive|drift|ses|holt|damped|theta|ets|mstl|prophet|lstm|auto|comb"))
                            .map(s -> "\"" + s + "\""));
        };
    }

    @Provide
    Arbitrary<Bad> badUploads() {
        Arbitrary<String> badDate = Arbitraries.of("2024-13-01", "2024-02-30", "0000-01-01", "3000-01-01", "24-01-01",
                "yesterday", "", "2024/01/01", "2024-01-01T25:00:00");
        Arbitrary<String> badClose = Arbitraries.of("0", "-1", "abc", "", "1e400", "NaN", "Infinity", "1,5", "0x10");
        Arbitrary<Bad> date = badDate.map(d -> csv("bad date " + d, "date,close\n2024-01-01,1\n" + d + ",2\n"));
        Arbitrary<Bad> close = badClose.map(c -> csv("bad close " + c, "date,close\n2024-01-01,1\n2024-01-02," + c + "\n"));
        Arbitrary<Bad> header = Arbitraries.of("close", "date", "day,close", "date,close,colour", "date,date,close", "", "\"date\",close,")
                .map(h -> csv("header " + h, h + "\n2024-01-01,1\n"));
        Arbitrary<Bad> repeated = Arbitraries.integers().between(2, 40).map(n -> {
            StringBuilder body = new StringBuilder("date,close\n");
            for (int i = 1; i <= n; i++) {
                body.append(java.time.LocalDate.of(2024, 1, 1).plusDays(i)).append(',').append(i).append('\n');
            }
            return csv("day repeated after " + n, body + "2024-01-02,99\n");
        });
        Arbitrary<Bad> fields = Arbitraries.integers().between(3, 6)
                .map(n -> csv(n + " fields", "date,close\n2024-01-01" + ",1".repeat(n - 1) + "\n"));
        Arbitrary<Bad> type = Arbitraries.of("application/xml", "", "csv").injectNull(0.2)
                .map(t -> new Bad("Content-Type " + t, "date,close\n2024-01-01,1\n", t));
        return Arbitraries.oneOf(date, close, header, repeated, fields, type);
    }

    private static Bad csv(String what, String body) {
        return new Bad(what, body, "text/csv");
    }
}
