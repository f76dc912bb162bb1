package microlab.orders.order;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import microlab.orders.FakeUsersService;
import microlab.orders.Rows;
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
 * Generated bad input for POST /orders: a field of the wrong JSON type or out of range, an item of the
 * wrong shape, a field left out, a key twice, a body cut short, a wrong Content-Type, a bad
 * Idempotency-Key. Each must get a 4xx problem+json and write no order, no item and no key.
 */
class OrderInputFuzzTest {

    private static ApplicationContext context;
    private static URI base;
    private static Rows rows;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeContainer
    static void start() {
        context = ApplicationContext.run(Map.of("micronaut.http.services.users.url", FakeUsersService.shared().url()), "test");
        base = context.getBean(EmbeddedServer.class).start().getURI();
        rows = new Rows(context.getProperty("datasources.default.url", String.class).orElseThrow(),
                context.getProperty("datasources.default.username", String.class).orElseThrow(),
                context.getProperty("datasources.default.password", String.class).orElseThrow());
        rows.deleteAll();
    }

    @AfterContainer
    static void stop() {
        context.close();
    }

    @Property
    void aBadOrderIsRefusedAndNothingIsWritten(@ForAll("badOrders") Bad bad) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/orders")).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(bad.body()));
        if (bad.contentType() != null) {
            request.header("Content-Type", bad.contentType());
        }
        if (bad.key() != null) {
            request.header("Idempotency-Key", bad.key());
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, () -> bad + " -> " + response.statusCode() + " " + response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""), bad::toString);
        assertEquals(0, rows.orders(), bad::toString);
        assertEquals(0, rows.items(), bad::toString);
        assertEquals(0, rows.keys(), bad::toString);
    }

    record Bad(String what, String body, String contentType, String key) {
    }

    @Provide
    Arbitrary<Bad> badOrders() {
        return Arbitraries.oneOf(wrongType(), outOfRange(), badItem(), missingField(), duplicateKey(), truncated(),
                wrongContentType(), badKey());
    }

    private static Map<String, String> item() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("sku", "\"BOOK-1\"");
        fields.put("quantity", "2");
        fields.put("unitPrice", "12.50");
        return fields;
    }

    private static Map<String, String> order(String items) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("userId", String.valueOf(FakeUsersService.ACTIVE_USER));
        fields.put("items", items);
        return fields;
    }

    private static String json(Map<String, String> fields) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return out.append('}').toString();
    }

    private static String items(Map<String, String> item) {
        return "[" + json(item) + "]";
    }

    private static Bad bad(String what, String body) {
        return new Bad(what, body, "application/json", null);
    }

    private static Arbitrary<String> nonNumbers() {
        return Arbitraries.oneOf(Arbitraries.of("true", "false", "[]", "[1]", "{}", "\"one\"", "\"\"", "\"1e3\"", "\" 1\""),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6).map(s -> "\"" + s + "\""));
    }

    private static Arbitrary<Bad> wrongType() {
        Arbitrary<Bad> userId = Arbitraries.oneOf(nonNumbers(), Arbitraries.of("\"7\"", "1.5", "7.25", "null"))
                .map(v -> {
                    Map<String, String> order = order(items(item()));
                    order.put("userId", v);
                    return bad("userId " + v, json(order));
                });
        Arbitrary<Bad> items = Arbitraries.of("{}", "\"A\"", "1", "true", "null", "[[]]", "[1]", "[\"A\"]", "[null]", "[true]")
                .map(v -> bad("items " + v, json(order(v))));
        Arbitrary<Bad> field = Arbitraries.of("sku", "quantity", "unitPrice").flatMap(name ->
                (name.equals("sku") ? Arbitraries.of("1", "true", "[\"X\"]", "{}", "null", "2.5") : nonNumbers()).map(v -> {
                    Map<String, String> item = item();
                    item.put(name, v);
                    return bad(name + " " + v, json(order(items(item))));
                }));
        return Arbitraries.oneOf(userId, items, field);
    }

    private static Arbitrary<Bad> outOfRange() {
        Arbitrary<Bad> userId = Arbitraries.oneOf(Arbitraries.longs().lessOrEqual(0).map(String::valueOf),
                        Arbitraries.of("99999999999999999999", "1e400", "-1e400"))
                .map(v -> {
                    Map<String, String> order = order(items(item()));
                    order.put("userId", v);
                    return bad("userId " + v, json(order));
                });
        Arbitrary<Bad> quantity = Arbitraries.oneOf(Arbitraries.integers().lessOrEqual(0).map(String::valueOf),
                        Arbitraries.of("1.5", "0.001", "1234567890", "1e10"))
                .map(v -> {
                    Map<String, String> item = item();
                    item.put("quantity", v);
                    return bad("quantity " + v, json(order(items(item))));
                });
        Arbitrary<Bad> price = Arbitraries.oneOf(Arbitraries.doubles().lessOrEqual(-0.01).filter(Double::isFinite).map(String::valueOf),
                        Arbitraries.of("1.001", "0.125", "12345678901", "\"-1\"", "\"1.999\""))
                .map(v -> {
                    Map<String, String> item = item();
                    item.put("unitPrice", v);
                    return bad("unitPrice " + v, json(order(items(item))));
                });
        Arbitrary<Bad> sku = Arbitraries.oneOf(Arbitraries.of("\"\"", "\"  \"", "\"A\\u0000\"", "\"A\\nB\"", "\"\\uD800\""),
                        Arbitraries.strings().alpha().ofMinLength(65).ofMaxLength(200).map(s -> "\"" + s + "\""))
                .map(v -> {
                    Map<String, String> item = item();
                    item.put("sku", v);
                    return bad("sku " + v, json(order(items(item))));
                });
        Arbitrary<Bad> tooMany = Arbitraries.integers().between(101, 300).map(n -> {
            String one = json(item());
            return bad(n + " items", json(order("[" + String.join(",", java.util.Collections.nCopies(n, one)) + "]")));
        });
        Arbitrary<Bad> user = Arbitraries.of(FakeUsersService.INACTIVE_USER, 987654321L)
                .map(id -> {
                    Map<String, String> order = order(items(item()));
                    order.put("userId", String.valueOf(id));
                    return bad("user " + id, json(order));
                });
        return Arbitraries.oneOf(userId, quantity, price, sku, tooMany, user);
    }

    private static Arbitrary<Bad> badItem() {
        return Arbitraries.of("sku", "quantity", "unitPrice").map(name -> {
            Map<String, String> item = item();
            item.remove(name);
            return bad("item without " + name, json(order(items(item))));
        });
    }

    private static Arbitrary<Bad> missingField() {
        return Arbitraries.of("userId", "items").map(name -> {
            Map<String, String> order = order(items(item()));
            order.remove(name);
            return bad("without " + name, json(order));
        });
    }

    private static Arbitrary<Bad> duplicateKey() {
        return Arbitraries.of("userId", "items").map(name -> {
            Map<String, String> order = order(items(item()));
            String body = json(order);
            return bad(name + " twice", body.substring(0, body.length() - 1) + ",\"" + name + "\":" + order.get(name) + "}");
        });
    }

    private static Arbitrary<Bad> truncated() {
        String body = json(order(items(item())));
        return Arbitraries.integers().between(0, body.length() - 1).map(cut -> bad("cut after " + cut, body.substring(0, cut)));
    }

    private static Arbitrary<Bad> wrongContentType() {
        String body = json(order(items(item())));
        return Arbitraries.of("text/plain", "application/xml", "", "json", "application/", "text/csv")
                .injectNull(0.2).map(type -> new Bad("Content-Type " + type, body, type, null));
    }

    private static Arbitrary<Bad> badKey() {
        String body = json(order(items(item())));
        return Arbitraries.oneOf(Arbitraries.strings().alpha().ofMinLength(256).ofMaxLength(400),
                        // a space is not a visible character (the JDK client sends other non-ASCII as '?', a valid key)
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10).map(s -> s + " " + s))
                .map(key -> new Bad("Idempotency-Key " + key, body, "application/json", key));
    }
}
