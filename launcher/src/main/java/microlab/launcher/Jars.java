package microlab.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static microlab.launcher.Console.die;
import static microlab.launcher.Console.say;

/** bin/up's build: the services whose jar is missing or older than a source it is built from, packaged by Maven. */
final class Jars {

    /** the modules every service is built from, beside its own folder */
    private static final List<String> SHARED = List.of("http-problem", "observability", "optional-redis");

    private final Layout layout;

    Jars(Layout layout) {
        this.layout = layout;
    }

    /** the services whose jar is missing or older than a source it is built from */
    List<String> stale() {
        List<String> stale = new ArrayList<>();
        for (Layout.Service service : Layout.SERVICES) {
            Path jar = layout.jar(service.name());
            if (!Files.isRegularFile(jar) || newerSource(service.name(), modified(jar))) {
                stale.add(service.name());
            }
        }
        return stale;
    }

    private boolean newerSource(String service, FileTime jar) {
        List<Path> sources = new ArrayList<>(List.of(layout.root().resolve("pom.xml")));
        Stream.concat(Stream.of(service), SHARED.stream()).forEach(module -> {
            sources.add(layout.root().resolve(module).resolve("pom.xml"));
            sources.add(layout.root().resolve(module).resolve("src/main"));
        });
        // a library module inside the service's folder (forecast/models)
        try (Stream<Path> inside = Files.list(layout.root().resolve(service))) {
            inside.filter(Files::isDirectory).forEach(dir -> {
                sources.add(dir.resolve("pom.xml"));
                sources.add(dir.resolve("src/main"));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path source : sources) {
            if (!Files.exists(source)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(source)) {
                if (files.filter(Files::isRegularFile).anyMatch(f -> modified(f).compareTo(jar) > 0)) {
                    return true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return false;
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void buildStale() {
        List<String> stale = stale();
        if (stale.isEmpty()) {
            say("jars are up to date");
            return;
        }
        long started = System.nanoTime();
        say("building " + String.join(", ", stale)
                + " (./mvnw -B -q -DskipTests package; the first build also downloads the dependencies)");
        try {
            Process build = new ProcessBuilder("./mvnw", "-B", "-q", "-DskipTests", "package", "-pl",
                    String.join(",", stale), "-am").directory(layout.root().toFile()).inheritIO().start();
            if (build.waitFor() != 0) {
                throw die("the build failed (output above); fix it, or run bin/up --no-build to start the jars as they are.");
            }
        } catch (IOException e) {
            throw die("could not run ./mvnw: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw die("interrupted during the build");
        }
        for (String service : stale) {
            if (!Files.isRegularFile(layout.jar(service))) {
                throw die("the build did not produce " + layout.jar(service) + "; check " + service
                        + "/pom.xml packages a runnable jar.");
            }
        }
        say("built in " + Console.since(started));
    }
}
