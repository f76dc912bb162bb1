package microlab.forecast.price;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Collects parsed rows and applies the checks every upload format shares. */
final class PriceRows {

    static final int MIN_DAYS = 2;

    private record Seen(double close, String where) {
    }

    private final Map<LocalDate, Seen> byDay = new HashMap<>();
    private final List<DailyClose> rows = new ArrayList<>();

    void add(String where, LocalDate day, double close) {
        if (!Double.isFinite(close) || close <= 0) {
            throw new PriceFormatException(where + ": the close must be a positive number, got " + close + ".");
        }
        Seen earlier = byDay.putIfAbsent(day, new Seen(close, where));
        if (earlier == null) {
            rows.add(new DailyClose(day, close));
        } else if (earlier.close() != close) {
            throw new PriceFormatException(where + ": " + day + " appears twice with different closes ("
                    + earlier.close() + " at " + lowerFirst(earlier.where()) + ", " + close + " here).");
        }
    }

    List<DailyClose> sorted() {
        if (rows.size() < MIN_DAYS) {
            throw new PriceFormatException("A series needs at least " + MIN_DAYS + " days of prices; this upload has "
                    + rows.size() + ".");
        }
        return rows.stream().sorted(Comparator.comparing(DailyClose::date)).toList();
    }

    private static String lowerFirst(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
