package microlab.problem;

import java.util.ArrayList;
import java.util.List;

/** An exception and its causes, outermost first: where handlers look for the failure underneath (a SQLState, say). */
public final class Causes {

    private Causes() {
    }

    public static List<Throwable> of(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
