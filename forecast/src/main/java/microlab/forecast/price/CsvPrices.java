package microlab.forecast.price;

import microlab.problem.Causes;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * Reads {@code date,close} CSV (RFC 4180, through Commons CSV: quoted fields may hold commas, quotes
 * and line breaks; a leading byte order mark is dropped) and the Yahoo Finance export ({@code Date,Open,High,Low,Close,Volume,
 * Dividends,Stock Splits}, dates like {@code 2014-09-17 00:00:00+00:00}). Only the close is kept.
 */
public final class CsvPrices {

    private static final Set<String> KNOWN_COLUMNS =
            Set.of("date", "open", "high", "low", "close", "adj close", "volume", "dividends", "stock splits");
    /** RFC 4180 with surrounding spaces trimmed; blank lines are skipped. */
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setTrim(true).setIgnoreEmptyLines(true).get();
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
        String csv = text.startsWith("\uFEFF") ? text.substring(1) : text;
        LineNumbers lines = new LineNumbers(csv);
        List<String> columns = null;
        int dateColumn = -1;
        int closeColumn = -1;
        PriceRows rows = new PriceRows();
        try (CSVParser parser = CSVParser.parse(csv, FORMAT)) {
            for (CSVRecord record : parser) {
                String where = "Line " + lines.at(record.getCharacterPosition());
                List<String> fields = record.toList();
                if (fields.stream().allMatch(String::isEmpty)) {
                    continue; // a line of blanks
                }
                if (columns == null) {
                    columns = header(fields, where);
                    dateColumn = columns.indexOf("date");
                    closeColumn = columns.indexOf("close");
                    continue;
                }
                if (fields.size() != columns.size()) {
                    throw new PriceFormatException(where + ": expected " + columns.size() + " fields like the header, found "
                            + fields.size() + ".");
                }
                rows.add(where, day(fields.get(dateColumn), where), close(fields.get(closeColumn), where));
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            // Commons CSV reports a quote left open or text after a closing quote this way
            throw new PriceFormatException("The CSV is malformed: " + rootMessage(e)
                    + ". A field with a comma, a quote or a line break goes in double quotes, a quote inside it doubled.");
        }
        if (columns == null) {
            throw new PriceFormatException("The CSV is empty: it needs a header line (date,close) and at least "
                    + PriceRows.MIN_DAYS + " rows.");
        }
        return rows.sorted();
    }

    private static List<String> header(List<String> fields, String where) {
        List<String> columns = new ArrayList<>();
        for (String field : fields) {
            String column = field.toLowerCase(Locale.ROOT);
            if (!KNOWN_COLUMNS.contains(column)) {
                throw new PriceFormatException(where + ": unknown column '" + field + "'. A price CSV has the "
                        + "header date,close or the Yahoo Finance export's Date,Open,High,Low,Close,Volume,Dividends,Stock Splits.");
            }
            if (columns.contains(column)) {
                throw new PriceFormatException(where + ": the column '" + field + "' appears twice.");
            }
            columns.add(column);
        }
        if (!columns.contains("date") || !columns.contains("close")) {
            throw new PriceFormatException(where + ": the header needs a date and a close column, found "
                    + String.join(",", columns) + ".");
        }
        return columns;
    }

    private static String rootMessage(Throwable e) {
        List<Throwable> chain = Causes.of(e);
        return String.valueOf(chain.get(chain.size() - 1).getMessage()).replaceAll("\\.$", "");
    }

    /** Line numbers of character positions, for messages that name the line a record starts on. */
    private static final class LineNumbers {

        private final String text;
        private final int[] lineStarts;

        LineNumbers(String text) {
            this.text = text;
            List<Integer> starts = new ArrayList<>(List.of(0));
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    starts.add(i + 1);
                }
            }
            lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        }

        /** The line of the first character at or after {@code position} that is not a line break. */
        int at(long position) {
            int p = (int) position;
            // a record's position is where the parser began, before any empty lines it skipped
            while (p < text.length() && (text.charAt(p) == '\n' || text.charAt(p) == '\r')) {
                p++;
            }
            int found = java.util.Arrays.binarySearch(lineStarts, p);
            return (found >= 0 ? found : -found - 2) + 1;
        }
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
