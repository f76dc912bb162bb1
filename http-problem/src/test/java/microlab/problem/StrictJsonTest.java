package microlab.problem;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JSON body binds only when every value has the JSON type its field declares, every key appears once
 * and the bytes are valid UTF-8; a body route needs a JSON Content-Type. Anything else is a 400 or 415
 * problem, and the controller never runs.
 */
@MicronautTest
@Property(name = "spec.name", value = "StrictJsonTest")
class StrictJsonTest {

    private static final String GOOD = "{\"userId\": 7, \"name\": \"Ada\", \"active\": true,"
            + " \"items\": [{\"sku\": \"X-1\", \"quantity\": 2, \"unitPrice\": 1.5}], \"values\": [1, 2.5]}";

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aWellTypedBodyBinds() throws Exception {
        HttpResponse<String> response = post("/strict/orders", "application/json", GOOD);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("7 Ada true X-1 2 1.5 [1.0, 2.5]", response.body());
    }

    @Test
    void nullsAndAbsentOptionalFieldsStillBind() throws Exception {
        HttpResponse<String> response = post("/strict/orders", "application/json; charset=utf-8",
                "{\"userId\": 7, \"name\": \"\\uD83D\\uDE00 \u00e9\", \"active\": null, \"items\": []}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("7 \uD83D\uDE00 \u00e9 null", response.body());
    }

    @Test
    void anIntegralNumberWrittenWithAFractionIsAnInteger() throws Exception {
        HttpResponse<String> response = post("/strict/orders", "application/json",
                "{\"userId\": 7.0, \"name\": \"a\", \"items\": [{\"sku\": \"X\", \"quantity\": 2E0, \"unitPrice\": 1}]}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("7 a null X 2 1", response.body());
    }

    @Test
    void aDecimalMayComeAsAPlainDecimalString() throws Exception {
        HttpResponse<String> response = post("/strict/orders", "application/json",
                "{\"userId\": 7, \"name\": \"a\", \"items\": [{\"sku\": \"X\", \"quantity\": 2, \"unitPrice\": \"-12.50\"}]}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("7 a null X 2 -12.50", response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"userId\": true, \"name\": \"a\", \"items\": []}",
            "{\"userId\": 1.9, \"name\": \"a\", \"items\": []}",
            "{\"userId\": 1.5e0, \"name\": \"a\", \"items\": []}",
            "{\"userId\": \"1\", \"name\": \"a\", \"items\": []}",
            "{\"userId\": [1], \"name\": \"a\", \"items\": []}",
            "{\"userId\": 99999999999999999999, \"name\": \"a\", \"items\": []}",
            "{\"userId\": 1e999999999, \"name\": \"a\", \"items\": []}",
            "{\"userId\": 1, \"name\": 123, \"items\": []}",
            "{\"userId\": 1, \"name\": true, \"items\": []}",
            "{\"userId\": 1, \"name\": [\"a\"], \"items\": []}",
            "{\"userId\": 1, \"name\": {\"a\": 1}, \"items\": []}",
            "{\"userId\": 1, \"name\": \"a\", \"active\": 1, \"items\": []}",
            "{\"userId\": 1, \"name\": \"a\", \"active\": \"true\", \"items\": []}",
            "{\"userId\": 1, \"name\": \"a\", \"items\": {\"sku\": \"X\"}}",
            "{\"userId\": 1, \"name\": \"a\", \"items\": [{\"sku\": [\"X\"], \"quantity\": 1, \"unitPrice\": 1}]}",
            "{\"userId\": 1, \"name\": \"a\", \"items\": [{\"sku\": \"X\", \"quantity\": true, \"unitPrice\": 1}]}",
            "{\"userId\": 1, \"name\": \"a\", \"items\": [{\"sku\": \"X\", \"quantity\": 1, \"unitPrice\": true}]}",
            "{\"userId\": 1, \"name\": \"a\", \"items\": [{\"sku\": \"X\", \"quantity\": 1, \"unitPrice\": \"cheap\"}]}",
            "{\"userId\": 1, \"name\": \"a\", \"items\": [{\"sku\": \"X\", \"quantity\": 1, \"unitPrice\": \"1e5\"}]}",
            "{\"userId\": 1, \"name\": \"a\", \"items\": [{\"sku\": \"X\", \"quantity\": 1, \"unitPrice\": \" 1.5\"}]}",
            "{\"userId\": 1, \"name\": \"a\", \"items\": [{\"sku\": \"X\", \"quantity\": 1, \"unitPrice\": \"\"}]}",
            "{\"userId\": 1, \"name\": \"a\", \"items\": [7]}",
            "{\"userId\": 1, \"name\": \"a\", \"items\": [], \"values\": [1, true]}",
            "{\"userId\": 1, \"name\": \"a\", \"items\": [], \"values\": \"1,2\"}",
            "{\"userId\": 1, \"name\": \"a\", \"name\": \"b\", \"items\": []}",
            "{\"userId\": 1, \"name\": \"\\uD800\", \"items\": []}",
            "{\"userId\": 1, \"name\": \"\\uDE00x\", \"items\": []}",
            "[{\"userId\": 1, \"name\": \"a\", \"items\": []}]",
            "\"just a string\"",
    })
    void aValueOfTheWrongJsonTypeIsRefused(String body) throws Exception {
        assertRefused(post("/strict/orders", "application/json", body), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"C0AF", "E080AF", "ED A0 80", "FF", "C3"})
    void invalidUtf8IsRefused(String hex) throws Exception {
        byte[] prefix = "{\"userId\": 1, \"name\": \"a".getBytes(StandardCharsets.US_ASCII);
        byte[] bad = java.util.HexFormat.of().parseHex(hex.replace(" ", ""));
        byte[] suffix = "\", \"items\": []}".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[prefix.length + bad.length + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(bad, 0, body, prefix.length, bad.length);
        System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
        assertRefused(send(HttpRequest.newBuilder(uri("/strict/orders")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))), 400);
    }

    @Test
    void aBodyWithoutContentTypeIs415() throws Exception {
        assertRefused(send(HttpRequest.newBuilder(uri("/strict/orders")).POST(HttpRequest.BodyPublishers.ofString(GOOD))), 415);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "foo", "application/", ";", "application/json-patch"})
    void aBodyOfAnotherTypeIs415(String contentType) throws Exception {
        assertRefused(post("/strict/orders", contentType, GOOD), 415);
        assertRefused(put("/strict/orders/1", contentType, GOOD), 415);
    }

    @Test
    void aJsonVariantContentTypeIsAccepted() throws Exception {
        assertEquals(200, post("/strict/orders", "Application/JSON", GOOD).statusCode());
    }

    @Test
    void aRouteThatConsumesAnotherTypeStillGetsIt() throws Exception {
        HttpResponse<String> csv = post("/strict/csv", "text/csv", "a,b\n1,2\n");
        assertEquals(200, csv.statusCode(), csv.body());
        assertRefused(post("/strict/csv", "application/json", "{}"), 415);
        assertRefused(send(HttpRequest.newBuilder(uri("/strict/csv")).POST(HttpRequest.BodyPublishers.ofString("a,b"))), 415);
    }

    @Test
    void aGetNeedsNoContentType() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/strict/ping")).GET());
        assertEquals(200, response.statusCode());
    }

    @Test
    void responsesOfOurOwnTypesStillWriteAndReadBack() throws Exception {
        Item item = json.readValue("{\"sku\": \"X\", \"quantity\": 1, \"unitPrice\": 2}", Item.class);
        assertEquals(new Item("X", 1, new BigDecimal("2")), item);
    }

    private void assertRefused(HttpResponse<String> response, int status) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(Optional.of("application/problem+json"), response.headers().firstValue("Content-Type"));
        Map<?, ?> problem = json.readValue(response.body(), Map.class);
        assertEquals(status, ((Number) problem.get("status")).intValue());
        String detail = String.valueOf(problem.get("detail"));
        assertTrue(!detail.contains("microlab.") && !detail.contains("java.") && !detail.contains("Exception"), detail);
        assertEquals(0, StrictController.CALLS.get(), "the controller must not run");
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> put(String path, String contentType, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        StrictController.CALLS.set(0);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return server.getURI().resolve(path);
    }

    @Serdeable
    record Item(String sku, int quantity, BigDecimal unitPrice) {
    }

    @Serdeable
    record OrderForm(long userId, String name, @Nullable Boolean active, List<Item> items, @Nullable double[] values) {
    }

    @Requires(property = "spec.name", value = "StrictJsonTest")
    @Controller("/strict")
    static class StrictController {

        static final AtomicInteger CALLS = new AtomicInteger();

        @Post("/orders")
        String create(@Body OrderForm form) {
            CALLS.incrementAndGet();
            String first = form.items().isEmpty() ? ""
                    : " " + form.items().get(0).sku() + " " + form.items().get(0).quantity() + " " + form.items().get(0).unitPrice();
            String values = form.values() == null ? "" : " " + java.util.Arrays.toString(form.values());
            return form.userId() + " " + form.name() + " " + form.active() + first + values;
        }

        @Put("/orders/{id}")
        String replace(long id, @Body OrderForm form) {
            CALLS.incrementAndGet();
            return form.name();
        }

        @Post("/csv")
        @Consumes("text/csv")
        String csv(@Body String body) {
            CALLS.incrementAndGet();
            return body.lines().count() + " lines";
        }

        @Get("/ping")
        String ping() {
            return "pong";
        }
    }
}
