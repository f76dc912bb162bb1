package microlab.forecast.state;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * The folder that outlives the process (a volume in containers). Every file is replaced atomically:
 * written to a temporary file in the same folder, forced to disk, then renamed over the old one, so a
 * kill at any moment leaves either the old or the new content, never a torn file.
 */
@Singleton
public class StateDirectory {

    static final String TEMP_SUFFIX = ".tmp";

    private static final Logger LOG = LoggerFactory.getLogger(StateDirectory.class);

    private final Path root;
    private final boolean writable;

    public StateDirectory(@Value("${forecast.state-dir}") String stateDir) {
        this.root = Path.of(stateDir).toAbsolutePath().normalize();
        this.writable = prepare(root);
    }

    public Path root() {
        return root;
    }

    /** False when the folder could not be created or written: the service then works without memory. */
    public boolean writable() {
        return writable;
    }

    public void write(Path target, byte[] content) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, target.getFileName().toString() + ".", TEMP_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        forceDirectory(folder);
    }

    // The rename itself lives in the directory entry: without this a power cut could forget it.
    private static void forceDirectory(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("This file system cannot sync the folder {}: {}", folder, e.getMessage());
        }
    }

    private static boolean prepare(Path root) {
        try {
            Files.createDirectories(root);
            removeLeftovers(root);
            Path probe = Files.createTempFile(root, "probe.", TEMP_SUFFIX);
            Files.delete(probe);
            LOG.info("State directory {}", root);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.error("The state directory {} is not writable ({}); models will be fitted again after every restart",
                    root, e.getMessage());
            return false;
        }
    }

    // A kill between creating a temporary file and renaming it leaves the temporary file behind.
    private static void removeLeftovers(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(TEMP_SUFFIX)).toList()) {
                Files.deleteIfExists(file);
                LOG.info("Removed {}, left by a write that was interrupted", root.relativize(file));
            }
        }
    }
}
