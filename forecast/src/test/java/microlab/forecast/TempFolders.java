package microlab.forecast;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Folders for what JUnit's {@code @TempDir} cannot reach (a Micronaut property provider, a jqwik
 * container, a context started inside a test): made under {@code java.io.tmpdir}, which the build sets
 * to the module's {@code target/}, and removed with everything in them when the test JVM exits.
 */
public final class TempFolders {

    private static final List<Path> MADE = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> MADE.forEach(TempFolders::delete), "temp-folders"));
    }

    private TempFolders() {
    }

    public static Path create(String prefix) {
        try {
            Path folder = Files.createTempDirectory(prefix);
            MADE.add(folder);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> tree = Files.walk(folder)) {
            tree.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not remove " + folder + ": " + e);
        }
    }
}
