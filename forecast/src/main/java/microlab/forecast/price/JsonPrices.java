package microlab.forecast.price;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

/**
 * Reads {@code {"prices": [{"date": "2024-01-01", "close": 1.0}, ...]}} (or the bare array). A streaming
 * parser is used rather than data binding so every complaint can name the line it is about.
 */
public final class JsonPrices {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonPrices() {
    }

    public static List<DailyClose> parse(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            PriceRows rows = new PriceRows();
            if (first == JsonToken.START_ARRAY) {
                entries(parser, rows);
            } else if (first == JsonToken.START_OBJECT) {
                boolean seenPrices = false;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    if (!"prices".equals(field)) {
                        throw new PriceFormatException(line(parser) + ": unknown field '" + field
                                + "'; the body is {\"prices\": [{\"date\": \"2024-01-01\", \"close\": 1.0}, ...]}.");
                    }
                    if (parser.nextToken() != JsonToken.START_ARRAY) {
                        throw new PriceFormatException(line(parser) + ": 'prices' must be an array.");
                    }
                    entries(parser, rows);
                    seenPrices = true;
                }
                if (!seenPrices) {
                    throw new PriceFormatException("The body has no 'prices' array: send {\"prices\": [{\"date\": "
                            + "\"2024-01-01\", \"close\": 1.0}, ...]}.");
                }
            } else {
                throw new PriceFormatException("Line 1: the body must be a JSON object with a 'prices' array.");
            }
            if (parser.nextToken() != null) {
                throw new PriceFormatException(line(parser) + ": unexpected content after the end of the JSON body.");
            }
            return rows.sorted();
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            throw new PriceFormatException("Line " + line + ": the body is not valid JSON (" + e.getOriginalMessage() + ").");
        } catch (IOException e) {
            throw new PriceFormatException("The body could not be read as JSON.");
        }
    }

    private static void entries(JsonParser parser, PriceRows rows) throws IOException {
        int index = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            index++;
            String where = line(parser) + " (entry " + index + ")";
            if (token != JsonToken.START_OBJECT) {
                throw new PriceFormatException(where + ": each entry is an object {\"date\": ..., \"close\": ...}.");
            }
            LocalDate day = null;
            Double close = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                String at = line(parser) + " (entry " + index + ")";
                switch (field) {
                    case "date" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            throw new PriceFormatException(at + ": the date must be a string like \"2024-01-01\".");
                        }
                        day = CsvPrices.day(parser.getText().trim(), at);
                    }
                    case "close" -> {
                        if (!value.isNumeric()) {
                            throw new PriceFormatException(at + ": the close " + parser.getText() + " is not a number.");
                        }
                        close = parser.getDoubleValue();
                    }
                    default -> throw new PriceFormatException(at + ": unknown field '" + field
                            + "'; an entry has only 'date' and 'close'.");
                }
            }
            if (day == null || close == null) {
                throw new PriceFormatException(where + ": an entry needs both 'date' and 'close'.");
            }
            rows.add(where, day, close);
        }
    }

    private static String line(JsonParser parser) {
        return "Line " + parser.currentLocation().getLineNr();
    }
}
