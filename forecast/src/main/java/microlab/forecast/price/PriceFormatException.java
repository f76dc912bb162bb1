package microlab.forecast.price;

/** An upload that cannot be read as a price series; the message names the line. */
public class PriceFormatException extends RuntimeException {

    public PriceFormatException(String message) {
        super(message);
    }
}
