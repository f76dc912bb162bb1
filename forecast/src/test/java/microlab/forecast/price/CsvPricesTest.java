package microlab.forecast.price;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvPricesTest {

    @Test
    void readsTheShippedYahooFormatKeepingOnlyTheClose() {
        List<DailyClose> prices = CsvPrices.parse("""
                Date,Open,High,Low,Close,Volume,Dividends,Stock Splits
                2014-09-18 00:00:00+00:00,456.8,456.8,413.1,424.44,34483200,0.0,0.0
                2014-09-17 00:00:00+00:00,465.8,468.1,452.4,457.33,21056800,0.0,0.0
                """);
        assertEquals(List.of(new DailyClose(LocalDate.of(2014, 9, 17), 457.33),
                new DailyClose(LocalDate.of(2014, 9, 18), 424.44)), prices);
    }

    @Test
    void readsDateCloseWithWindowsLineEndsABomAndAnIdenticalRepeatedDay() {
        List<DailyClose> prices = CsvPrices.parse("\uFEFFdate,close\r\n2024-01-01,1.5\r\n2024-01-02,2\r\n2024-01-01,1.5\r\n\r\n");
        assertEquals(2, prices.size());
        assertEquals(2.0, prices.get(1).close());
    }

    @Test
    void readsQuotedFieldsWithCommasQuotesAndLineBreaks() {
        List<DailyClose> prices = CsvPrices.parse("""
                "Date","Close","Volume"
                2024-01-01,"1.5","1,000"
                "2024-01-02", 2.5 ,"a ""big""
                day"
                """);
        assertEquals(List.of(new DailyClose(LocalDate.of(2024, 1, 1), 1.5), new DailyClose(LocalDate.of(2024, 1, 2), 2.5)), prices);
    }

    @Test
    void namesTheLineARecordStartsOnAfterAFieldWithALineBreak() {
        PriceFormatException e = assertThrows(PriceFormatException.class, () -> CsvPrices.parse(
                "date,close,volume\n2024-01-01,1,\"two\nlines\"\n\n2024-01-02,x,3\n"));
        assertTrue(e.getMessage().startsWith("Line 5: the close 'x' is not a number"), e.getMessage());
    }

    @Test
    void aQuoteLeftOpenIsRefusedAsMalformed() {
        PriceFormatException e = assertThrows(PriceFormatException.class,
                () -> CsvPrices.parse("date,close\n2024-01-01,1\n2024-01-02,\"2\n2024-01-03,3\n"));
        assertTrue(e.getMessage().startsWith("The CSV is malformed: ") && e.getMessage().contains("double quotes"), e.getMessage());
    }

    @Test
    void readsTheShippedFilesCompletely() {
        assertEquals(3735, CsvPrices.parse(resource("BTC")).size());
        assertEquals(1703, CsvPrices.parse(resource("SOL")).size());
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', textBlock = """
            date,close\\n2024-01-01,1.0\\n2024-02-30,2.0                 | Line 3 | an impossible day
            date,close\\n2024-01-01,1.0\\n01/02/2024,2.0                 | Line 3 | a day in another format
            date,close\\n2024-01-01,1.0\\n2024-01-02,0                   | Line 3 | a zero close
            date,close\\n2024-01-01,-4\\n2024-01-02,1                    | Line 2 | a negative close
            date,close\\n2024-01-01,1.0\\n2024-01-02,abc\\n2024-01-03,1  | Line 3 | a close that is not a number
            date,close\\n2024-01-01,1.0\\n2024-01-02,NaN                 | Line 3 | NaN as a close
            date,close\\n2024-01-01,1.0\\n2024-01-02,2\\n2024-01-01,1.1  | Line 4 | a repeated day with another close
            date,close,mood\\n2024-01-01,1.0,happy                      | Line 1 | an unknown column
            date,price\\n2024-01-01,1.0                                 | Line 1 | a header without close
            date,close\\n2024-01-01,1.0\\n2024-01-02                     | Line 3 | a missing field
            date,close\\n2024-01-01,1.0,7\\n2024-01-02,2                  | Line 2 | an extra field
            """)
    void refusesABadRowNamingItsLine(String escaped, String line, String description) {
        PriceFormatException e = assertThrows(PriceFormatException.class,
                () -> CsvPrices.parse(escaped.replace("\\n", "\n")));
        assertTrue(e.getMessage().startsWith(line + ":"), () -> description + " gave: " + e.getMessage());
    }

    @Test
    void refusesAnEmptyFileAndASingleDay() {
        assertThrows(PriceFormatException.class, () -> CsvPrices.parse(""));
        assertThrows(PriceFormatException.class, () -> CsvPrices.parse("date,close\n2024-01-01,1\n"));
    }

    @Test
    void readsJsonAndNamesTheLineOfABadEntry() {
        assertEquals(2, JsonPrices.parse("{\"prices\":[{\"date\":\"2024-01-01\",\"close\":1},{\"date\":\"2024-01-02\",\"close\":2.5}]}").size());
        String body = """
                {"prices": [
                  {"date": "2024-01-01", "close": 1.0},
                  {"date": "2024-01-02", "close": "high"}
                ]}""";
        PriceFormatException e = assertThrows(PriceFormatException.class, () -> JsonPrices.parse(body));
        assertTrue(e.getMessage().startsWith("Line 3 (entry 2):"), e.getMessage());
        PriceFormatException unknown = assertThrows(PriceFormatException.class, () -> JsonPrices.parse("""
                {"prices": [
                  {"date": "2024-01-01", "close": 1.0, "volume": 3}
                ]}"""));
        assertTrue(unknown.getMessage().startsWith("Line 2 (entry 1): unknown field 'volume'"), unknown.getMessage());
        PriceFormatException broken = assertThrows(PriceFormatException.class, () -> JsonPrices.parse("{\"prices\": [\n{\"date\": }"));
        assertTrue(broken.getMessage().startsWith("Line 2:"), broken.getMessage());
    }

    private static String resource(String symbol) {
        try (var in = CsvPricesTest.class.getResourceAsStream("/data/crypto/" + symbol + "-USD.csv")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
