package microlab.forecast.model;

/**
 * The library's answer to input it cannot work with: a series too short for a model, a value that is
 * not finite, a horizon, level, period or fold count outside its limits. Its message is a sentence
 * that states the limit; the service turns it into a 400 problem. Everything else a model throws is a
 * fault of the model or of saved state, not of the input.
 */
public class InvalidSeriesException extends IllegalArgumentException {

    public InvalidSeriesException(String sentence) {
        super(sentence);
    }
}
