package microlab.launcher;

/**
 * How the launcher speaks: each line starts with the command's name ({@code bin/up: ...}); what goes wrong
 * is a {@link Failure} whose message says what to do, printed once by {@link Main} as {@code bin/up: error: ...}.
 */
final class Console {

    private static volatile String name = "launcher";
    private static volatile boolean stdoutIsValue;

    private Console() {
    }

    static void name(String command) {
        name = command;
    }

    static String name() {
        return name;
    }

    /** for a command whose stdout is a value for its caller: from then on, everything said goes to stderr */
    static void stdoutIsValue() {
        stdoutIsValue = true;
    }

    static void say(String line) {
        if (stdoutIsValue) {
            tell(line);
            return;
        }
        System.out.println(name + ": " + line);
        System.out.flush();
    }

    /** on stderr, where a caller's stdout is a value (a java command) */
    static void tell(String line) {
        System.err.println(name + ": " + line);
    }

    static void warn(String line) {
        System.err.println(name + ": warning: " + line);
    }

    static Failure die(String sentence) {
        return new Failure(sentence);
    }

    /** "3.2 s" since a {@link System#nanoTime()} */
    static String since(long startNanos) {
        long tenths = (System.nanoTime() - startNanos) / 100_000_000;
        return tenths / 10 + "." + tenths % 10 + " s";
    }

    /** A stop with a sentence for the user: what is wrong and what to do about it. */
    static final class Failure extends RuntimeException {
        Failure(String sentence) {
            super(sentence);
        }
    }
}
