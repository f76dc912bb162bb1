package microlab.e2e.chaos;

/** One fault in turn (or the warm-up before the first): when it began, when its fault was played, what it did. */
final class Phase {
    final String name;
    final long start = System.nanoTime();
    volatile long faultStart;
    volatile long faultEnd;
    volatile String note = "";

    Phase(String name) {
        this.name = name;
    }

    /** Its name, as a LOST line names the phase an acknowledged write was made in. */
    @Override
    public String toString() {
        return name;
    }
}
