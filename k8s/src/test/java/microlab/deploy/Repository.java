package microlab.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/** Paths of the files under check, and copies of them to break on purpose. */
final class Repository {

    /** Surefire runs in the k8s module; the repository root is its parent. */
    static final Path ROOT = findRoot();
    static final Path K8S = ROOT.resolve("k8s");
    static final Path BASE = K8S.resolve("base");
    static final Path KIND = K8S.resolve("overlays/kind");
    /** The kind cluster's ingress controller, applied by kind-up.sh before the overlay. */
    static final Path TRAEFIK = K8S.resolve("traefik");
    /** The versions the kind cluster is pulled or assembled at, sourced by kind-up.sh. */
    static final Path KIND_VERSIONS = ROOT.resolve(".ci/kind/versions.sh");
    static final Path COMPOSE = ROOT.resolve("compose/compose.yaml");

    private Repository() {
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("k8s/base"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run the deploy checks inside the repository (no k8s/base found)");
        }
        return dir;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a copy of k8s/ leaves out: the build's output, the tests, and what k8s/kind-up.sh writes (its engine too). */
    private static final List<String> NOT_COPIED = List.of("target", "src", ".kind-build");

    /** Copies the k8s folder (its manifests and scripts) into {@code into}, so a test can edit the copy and render it. */
    static Path copyOfK8s(Path into) {
        Path copy = into.resolve("k8s");
        try {
            Files.walkFileTree(K8S, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Path relative = K8S.relativize(dir);
                    if (relative.getNameCount() == 1 && NOT_COPIED.contains(relative.toString())) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    Files.createDirectories(copy.resolve(relative.toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) {
                        Files.copy(file, copy.resolve(K8S.relativize(file).toString()));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    /** Replaces exactly one occurrence, so a mutation that no longer applies fails loudly instead of testing nothing. */
    static String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        if (at < 0 || text.indexOf(from, at + 1) >= 0) {
            throw new IllegalArgumentException("expected exactly one occurrence of: " + from);
        }
        return text.substring(0, at) + to + text.substring(at + from.length());
    }
}
