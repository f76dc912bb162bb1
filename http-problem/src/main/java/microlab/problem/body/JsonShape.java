package microlab.problem.body;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.micronaut.core.beans.BeanIntrospection;
import io.micronaut.core.beans.BeanIntrospector;
import io.micronaut.core.beans.BeanProperty;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Map;

/**
 * Checks that a JSON document has the shape of a Java type, token by token, before anything binds it:
 * a string for a String, enum or date; true/false for a boolean; an integer in range for an integral
 * type (2.0 counts, 1.9 does not); a number for a floating or decimal type, or for a BigDecimal a
 * string holding a plain decimal ("12.50"); an array for an array or collection; an object for a
 * map or record. Strings must be well-formed UTF-16 (no lone surrogate from a {@code \\uD800} escape),
 * no object may repeat a key, nothing may follow the document. Unknown keys pass, as they bind to
 * nothing.
 */
final class JsonShape {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    private static final java.util.regex.Pattern PLAIN_DECIMAL = java.util.regex.Pattern.compile("-?(0|[1-9][0-9]{0,30})(\\.[0-9]{1,30})?");

    /** The bounded integral types and their ranges; BigInteger has none. */
    private static final Map<Class<?>, BigDecimal[]> INTEGER_RANGES = Map.of(
            Byte.class, range(Byte.MIN_VALUE, Byte.MAX_VALUE),
            Short.class, range(Short.MIN_VALUE, Short.MAX_VALUE),
            Integer.class, range(Integer.MIN_VALUE, Integer.MAX_VALUE),
            Long.class, range(Long.MIN_VALUE, Long.MAX_VALUE));

    private JsonShape() {
    }

    static void check(String document, Argument<?> type) {
        try (JsonParser parser = FACTORY.createParser(document)) {
            parser.nextToken();
            value(parser, type, "");
            if (parser.nextToken() != null) {
                throw refused("", "the document must end after its first value");
            }
        } catch (JsonParseException e) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "The body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "The body could not be read as JSON.");
        }
    }

    private static void value(JsonParser parser, Argument<?> type, String path) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw refused(path, "a value is missing");
        }
        Class<?> java = type.getWrapperType();
        if (token == JsonToken.VALUE_NULL) {
            if (type.isPrimitive()) {
                throw refused(path, "must be " + expected(java) + ", not null");
            }
            return;
        }
        if (java == Object.class || java.getName().startsWith("io.micronaut.json.tree.")) {
            parser.skipChildren();
        } else if (isText(java)) {
            expect(token == JsonToken.VALUE_STRING, path, java, token);
            wellFormed(parser.getText(), path);
        } else if (java == Boolean.class) {
            expect(token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE, path, java, token);
        } else if (isIntegral(java)) {
            expect(token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT && integral(parser),
                    path, java, token);
            inRange(parser.getDecimalValue(), java, path);
        } else if (java == BigDecimal.class && token == JsonToken.VALUE_STRING) {
            // money is often sent as a string to keep it out of binary floating point: a plain decimal only
            if (!PLAIN_DECIMAL.matcher(parser.getText()).matches()) {
                throw refused(path, "must be a number, or a string holding a plain decimal such as \"12.50\"");
            }
        } else if (Number.class.isAssignableFrom(java)) {
            expect(token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT, path, java, token);
        } else if (java.isArray() || Collection.class.isAssignableFrom(java)) {
            expect(token == JsonToken.START_ARRAY, path, java, token);
            Argument<?> element = java.isArray() ? Argument.of(java.getComponentType()) : type.getFirstTypeVariable().orElse(Argument.OBJECT_ARGUMENT);
            for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
                value(parser, element, path + "[" + i + "]");
            }
        } else if (Map.class.isAssignableFrom(java)) {
            expect(token == JsonToken.START_OBJECT, path, java, token);
            Argument<?> entry = type.getTypeVariable("V").orElse(Argument.OBJECT_ARGUMENT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                parser.nextToken();
                value(parser, entry, field(path, key));
            }
        } else {
            object(parser, java, path, token);
        }
    }

    private static void object(JsonParser parser, Class<?> java, String path, JsonToken token) throws IOException {
        BeanIntrospection<?> introspection = BeanIntrospector.SHARED.findIntrospection(java).orElse(null);
        if (introspection == null) {
            parser.skipChildren();
            return;
        }
        expect(token == JsonToken.START_OBJECT, path, java, token);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            BeanProperty<?, ?> property = introspection.getProperty(key).orElse(null);
            if (property == null) {
                parser.skipChildren();
            } else {
                value(parser, property.asArgument(), field(path, key));
            }
        }
    }

    private static void expect(boolean ok, String path, Class<?> java, JsonToken token) {
        if (!ok) {
            throw refused(path, "must be " + expected(java) + ", not " + found(token));
        }
    }

    // As in JSON Schema, 2.0 is an integer: JSON has one number type, and only its value counts.
    private static boolean integral(JsonParser parser) throws IOException {
        BigDecimal value = parser.getDecimalValue();
        return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    }

    private static void inRange(BigDecimal value, Class<?> java, String path) {
        BigDecimal[] range = INTEGER_RANGES.get(java);
        if (range != null && (value.compareTo(range[0]) < 0 || value.compareTo(range[1]) > 0)) {
            throw refused(path, "must be an integer from " + range[0] + " to " + range[1]);
        }
    }

    private static boolean isText(Class<?> java) {
        return CharSequence.class.isAssignableFrom(java) || java.isEnum() || Temporal.class.isAssignableFrom(java);
    }

    private static boolean isIntegral(Class<?> java) {
        return java == BigInteger.class || INTEGER_RANGES.containsKey(java);
    }

    private static BigDecimal[] range(long min, long max) {
        return new BigDecimal[] {BigDecimal.valueOf(min), BigDecimal.valueOf(max)};
    }

    private static void wellFormed(String text, String path) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw refused(path, "holds an unpaired UTF-16 surrogate (\\u" + Integer.toHexString(c).toUpperCase() + ")");
            }
        }
    }

    private static String expected(Class<?> java) {
        if (isText(java)) {
            return "a string";
        }
        if (java == Boolean.class) {
            return "true or false";
        }
        if (isIntegral(java)) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(java)) {
            return "a number";
        }
        if (java.isArray() || Collection.class.isAssignableFrom(java)) {
            return "an array";
        }
        return "an object";
    }

    private static String found(JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a fractional number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    private static String field(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static HttpStatusException refused(String path, String reason) {
        return new HttpStatusException(HttpStatus.BAD_REQUEST, (path.isEmpty() ? "The body" : path) + ": " + reason + ".");
    }
}
