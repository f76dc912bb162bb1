package microlab.users.user;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated bad input for POST /users and PUT /users/{id}: a field of the wrong JSON type or an
 * invalid value, a field left out, a key twice, a body cut short, bytes that are not UTF-8, a wrong
 * Content-Type. Each must get a 4xx problem+json and leave the users table as it was. (jqwik runs
 * 1,000 tries a property; the service runs once for all of them.)
 */
class UserInputFuzzTest {

    private static ApplicationContext context;
    private static URI base;
    private static long existingId;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeContainer
    static void start() {
        context = ApplicationContext.run(Map.of(), "test");
        EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
        base = server.getURI();
        existingId = context.getBean(UserService.class)
                .create(new UserForm("Fuzz Target", "fuzz-" + UUID.randomUUID() + "@example.org", true)).id();
    }

    @AfterContainer
    static void stop() {
        context.close();
    }

    @Property
    void aBadUserIsRefusedAndNothingIsWritten(@ForAll("badBodies") Bad bad, @ForAll boolean replace) throws Exception {
        UserRepository users = context.getBean(UserRepository.class);
        long before = users.count();
        User target = users.findById(existingId).orElseThrow();
        URI uri = replace ? base.resolve("/users/" + existingId) : base.resolve("/users");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .method(replace ? "PUT" : "POST", HttpRequest.BodyPublishers.ofByteArray(bad.body()));
        if (bad.contentType() != null) {
            request.header("Content-Type", bad.contentType());
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, () -> bad + " -> " + response.statusCode() + " " + response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""), bad::toString);
        assertTrue(response.body().contains("\"status\":" + response.statusCode()), response::body);
        assertEquals(before, users.count(), bad::toString);
        assertEquals(target, users.findById(existingId).orElseThrow(), bad::toString);
    }

    /** A request body (bytes) and its Content-Type (null: none), with what was done to a valid body. */
    record Bad(String what, byte[] body, String contentType) {
        @Override
        public String toString() {
            return what + ": " + new String(body, java.nio.charset.StandardCharsets.ISO_8859_1) + " [" + contentType + "]";
        }
    }

    @Provide
    Arbitrary<Bad> badBodies() {
        return Arbitraries.oneOf(wrongType(), invalidValue(), missingField(), duplicateKey(), truncated(), notUtf8(),
                wrongContentType());
    }

    private static Map<String, String> valid() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", "\"Grace Hopper\"");
        fields.put("email", "\"grace-" + UUID.randomUUID() + "@example.org\"");
        fields.put("active", "true");
        return fields;
    }

    private static String json(Map<String, String> fields) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return out.append('}').toString();
    }

    private static Bad bad(String what, String body) {
        return new Bad(what, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json");
    }

    // JSON values that are not strings (for name and email) or not booleans (for active)
    private static Arbitrary<String> notAString() {
        return Arbitraries.oneOf(Arbitraries.integers().map(String::valueOf),
                Arbitraries.doubles().filter(Double::isFinite).map(String::valueOf),
                Arbitraries.of("true", "false", "[]", "{}", "[\"a\"]", "{\"a\":1}", "1e400", "-0"));
    }

    private static Arbitrary<String> notABoolean() {
        return Arbitraries.oneOf(Arbitraries.integers().map(String::valueOf),
                Arbitraries.strings().ofMaxLength(8).map(s -> quote(s)),
                Arbitraries.of("[]", "{}", "[true]", "\"true\"", "1", "0"));
    }

    private static Arbitrary<Bad> wrongType() {
        Arbitrary<String> field = Arbitraries.of("name", "email", "active");
        return field.flatMap(name -> (name.equals("active") ? notABoolean() : notAString()).map(value -> {
            Map<String, String> fields = valid();
            fields.put(name, value);
            return bad(name + " of the wrong type", json(fields));
        }));
    }

    private static Arbitrary<Bad> invalidValue() {
        Arbitrary<Bad> names = Arbitraries.oneOf(
                Arbitraries.of("\"\"", "\"   \"", "\"a\\u0000b\"", "\"a\\nb\"", "\"\\uD800\"", "\"x\\uDFFF\""),
                Arbitraries.strings().alpha().ofMinLength(101).ofMaxLength(300).map(UserInputFuzzTest::quote),
                Arbitraries.strings().withCharRange('\u0001', '\u001f').ofMinLength(1).ofMaxLength(5)
                        .map(s -> quote("x" + s))
        ).map(value -> {
            Map<String, String> fields = valid();
            fields.put("name", value);
            return bad("invalid name", json(fields));
        });
        Arbitrary<Bad> emails = Arbitraries.oneOf(
                Arbitraries.of("\"\"", "\"no-at-sign\"", "\"a@b\"", "\"@example.org\"", "\"a@@b.org\"", "\"a b@c.org\""),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20).map(UserInputFuzzTest::quote),
                Arbitraries.strings().alpha().ofMinLength(250).ofMaxLength(300).map(s -> quote(s + "@example.org"))
        ).map(value -> {
            Map<String, String> fields = valid();
            fields.put("email", value);
            return bad("invalid email", json(fields));
        });
        return Arbitraries.oneOf(names, emails);
    }

    private static Arbitrary<Bad> missingField() {
        return Arbitraries.of("name", "email").map(name -> {
            Map<String, String> fields = valid();
            fields.remove(name);
            return bad("without " + name, json(fields));
        });
    }

    private static Arbitrary<Bad> duplicateKey() {
        return Arbitraries.of("name", "email", "active").map(name -> {
            Map<String, String> fields = valid();
            String body = json(fields);
            return bad(name + " twice", body.substring(0, body.length() - 1) + ",\"" + name + "\":" + fields.get(name) + "}");
        });
    }

    private static Arbitrary<Bad> truncated() {
        return Arbitraries.integers().between(0, 60).map(cut -> {
            String body = json(valid());
            return bad("cut after " + cut, body.substring(0, Math.min(cut, body.length() - 1)));
        });
    }

    private static Arbitrary<Bad> notUtf8() {
        return Combinators.combine(Arbitraries.of(List.of(
                        new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xFF},
                        new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80})),
                Arbitraries.integers().between(0, 6)).as((bytes, at) -> {
            byte[] prefix = "{\"name\":\"Gr".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] suffix = ("ace\",\"email\":\"g-" + UUID.randomUUID() + "@example.org\"}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] body = new byte[prefix.length + bytes.length + suffix.length];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            System.arraycopy(bytes, 0, body, prefix.length, bytes.length);
            System.arraycopy(suffix, 0, body, prefix.length + bytes.length, suffix.length);
            return new Bad("not UTF-8", body, "application/json");
        });
    }

    private static Arbitrary<Bad> wrongContentType() {
        return Arbitraries.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "", "json", "application/",
                "*/*", "multipart/form-data; boundary=x").injectNull(0.2).map(type -> {
            String body = json(valid());
            return new Bad("Content-Type " + type, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
        });
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
