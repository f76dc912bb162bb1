package microlab.e2e.chaos;

/** One HTTP attempt: when it ended, how long it took, and the status (-1 refused or reset, -2 timed out). */
record Attempt(Phase phase, long endNanos, long nanos, int status) {

    static final int REFUSED = -1;
    static final int TIMED_OUT = -2;

    boolean succeeded() {
        return status == 201 || status == 200;
    }

    /** A 5xx, a refused connection or a timeout. */
    boolean failed() {
        return status >= 500 || status < 0;
    }
}
