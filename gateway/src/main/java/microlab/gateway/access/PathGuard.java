package microlab.gateway.access;

import java.util.Locale;
import java.util.Optional;

/**
 * Finds request paths that could reach something other than what they seem to name once a backend
 * decodes or normalizes them: dot segments ({@code /users/../health}), encoded dots, slashes and
 * backslashes ({@code %2e}, {@code %2f}, {@code %5c}), double encoding ({@code %25}), control characters.
 * No legitimate route of this system needs any of them, so they are refused rather than repaired.
 */
public final class PathGuard {

    private PathGuard() {
    }

    /** Why the raw (undecoded) path is refused, or empty when it is fine. */
    public static Optional<String> problem(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return Optional.of("The path must start with a slash.");
        }
        if (rawPath.indexOf('\\') >= 0) {
            return Optional.of("The path must not contain a backslash.");
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        for (int i = lower.indexOf('%'); i >= 0; i = lower.indexOf('%', i + 1)) {
            if (i + 2 >= lower.length() || !isHex(lower.charAt(i + 1)) || !isHex(lower.charAt(i + 2))) {
                return Optional.of("The path contains a malformed percent-encoding.");
            }
            String escape = lower.substring(i + 1, i + 3);
            if (escape.equals("2e") || escape.equals("2f") || escape.equals("5c") || escape.equals("25")
                    || escape.compareTo("20") < 0 || escape.equals("7f")) {
                return Optional.of("The path contains an encoded dot, slash, backslash, percent sign or control character.");
            }
        }
        for (String segment : rawPath.split("/", -1)) {
            // "..;x" is a dot segment to servers that strip path parameters.
            String name = segment.contains(";") ? segment.substring(0, segment.indexOf(';')) : segment;
            if (name.equals(".") || name.equals("..")) {
                return Optional.of("The path must not contain . or .. segments.");
            }
        }
        return Optional.empty();
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
}
