package microlab.e2e.cluster;

/** One of the cluster checks: it prints what it saw, and throws {@link Failure} with the sentence that says what was wrong. */
interface Check {

    void run() throws InterruptedException;

    /** A check's failure, with the sentence that says what was wrong. */
    final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new Failure(message);
        }
    }
}
