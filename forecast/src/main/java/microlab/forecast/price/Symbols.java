package microlab.forecast.price;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;

import java.util.regex.Pattern;

/** The one rule for asset symbols, shared by every endpoint that takes one. */
public final class Symbols {

    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{1,10}");

    private Symbols() {
    }

    public static String require(String symbol) {
        if (symbol == null || !SYMBOL.matcher(symbol).matches()) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST,
                    "A symbol is 1 to 10 uppercase letters or digits, such as BTC; got '" + symbol + "'.");
        }
        return symbol;
    }
}
