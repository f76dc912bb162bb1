package microlab.forecast.price;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code date,close} CSV and the Yahoo Finance export ({@code Date,Open,High,Low,Close,Volume,
 * Dividends,Stock Splits}, dates like {@code 2014-09-17 00:00:00+00:00}). Only the close is kept.
 */
public final class CsvPrices {

    private static final Set<String> KNOWN_COLUMNS =
            Set.of("date", "open", "high", "low", "close", "adj close", "volume", "dividends", "stock splits");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final DateTimeFormatter WITH_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd[ ]['T']HH:mm[:ss][.SSS]").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter WITH_OFFSET =
            DateTimeFormatter.ofPattern("uuuu-MM-dd[ ]['T']HH:mm[:ss][.SSS]XXX").withResolverStyle(ResolverStyle.STRICT);

    private CsvPrices() {
    }

    /** The days a price may have; reads without from/to cover exactly these. */
    static final LocalDate FIRST_DAY = LocalDate.of(1900, 1, 1);
    static final LocalDate LAST_DAY = LocalDate.of(2999, 12, 31);

    public static List<DailyClose> parse(String text) {
        String[] lines = text.startsWith("\uFEFF") ? text.substring(1).split("\r?\n", -1) : text.split("\r?\n", -1);
        int headerLine = firstNonBlank(lines);
        if (headerLine < 0) {
            throw new PriceFormatException("The CSV is empty: it needs a header line (date,close) and at least "
                    + PriceRows.MIN_DAYS + " rows.");
        }
        List<String> columns = header(lines[headerLine], headerLine + 1);
        int dateColumn = columns.indexOf("date");
        int closeColumn = columns.indexOf("close");
        PriceRows rows = new PriceRows();
        for (int i = headerLine + 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String where = "Line " + (i + 1);
            List<String> fields = fields(lines[i]);
            if (fields.size() != columns.size()) {
                throw new PriceFormatException(where + ": expected " + columns.size() + " fields like the header, found "
                        + fields.size() + ".");
            }
            rows.add(where, day(fields.get(dateColumn), where), close(fields.get(closeColumn), where));
        }
        return rows.sorted();
    }

    private static int firstNonBlank(String[] lines) {
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> header(String line, int number) {
        List<String> columns = new ArrayList<>();
        for (String field : fields(line)) {
            String column = field.toLowerCase(Locale.ROOT);
            if (!KNOWN_COLUMNS.contains(column)) {
                throw new PriceFormatException("Line " + number + ": unknown column '" + field + "'. A price CSV has the "
                        + "header date,close or the Yahoo Finance export's Date,Open,High,Low,Close,Volume,Dividends,Stock Splits.");
            }
            if (columns.contains(column)) {
                throw new PriceFormatException("Line " + number + ": the column '" + field + "' appears twice.");
            }
            columns.add(column);
        }
        if (!columns.contains("date") || !columns.contains("close")) {
            throw new PriceFormatException("Line " + number + ": the header needs a date and a close column, found "
                    + String.join(",", columns) + ".");
        }
        return columns;
    }

    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        for (String raw : line.split(",", -1)) {
            String field = raw.trim();
            if (field.length() >= 2 && field.startsWith("\"") && field.endsWith("\"")) {
                field = field.substring(1, field.length() - 1).trim();
            }
            fields.add(field);
        }
        return fields;
    }

    static LocalDate day(String text, String where) {
        LocalDate day;
        try {
            if (text.length() == 10) {
                day = LocalDate.parse(text);
            } else {
                day = text.matches(".*([+-]\\d\\d:\\d\\d|Z)$")
                        ? OffsetDateTime.parse(text, WITH_OFFSET).toLocalDate()
                        : LocalDateTime.parse(text, WITH_TIME).toLocalDate();
            }
        } catch (DateTimeParseException e) {
            throw new PriceFormatException(where + ": '" + text + "' is not a valid date; write days as YYYY-MM-DD.");
        }
        // a year 0 is a typo, not a price: stored, it fell outside every range the API reads
        if (day.isBefore(FIRST_DAY) || day.isAfter(LAST_DAY)) {
            throw new PriceFormatException(where + ": the date " + day + " is outside " + FIRST_DAY + " to " + LAST_DAY + ".");
        }
        return day;
    }

    private static double close(String text, String where) {
        if (!DECIMAL.matcher(text).matches()) {
            throw new PriceFormatException(where + ": the close '" + text + "' is not a number.");
        }
        return Double.parseDouble(text);
    }
}
