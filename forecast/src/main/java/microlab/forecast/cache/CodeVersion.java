package microlab.forecast.cache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A fingerprint of the service's own classes (microlab/...): from the jar's directory of entries (names
 * and checksums, nothing unpacked) or, when run from a class folder, from the class files. Cached
 * results carry it, so a build with other models never serves what an earlier build computed.
 */
final class CodeVersion {

    private static final Logger LOG = LoggerFactory.getLogger(CodeVersion.class);

    private CodeVersion() {
    }

    static String of(Class<?> anchor) {
        try {
            return of(Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            LOG.warn("Cannot find the forecasting code ({}); cached results of another build may be served", e.toString());
            return "unknown";
        }
    }

    /** The fingerprint of a jar or a class folder. */
    static String of(Path location) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location.resolve("microlab"))) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        digest.update(location.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                        digest.update(Files.readAllBytes(file));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    List<JarEntry> own = jar.stream().filter(e -> e.getName().startsWith("microlab/"))
                            .sorted(Comparator.comparing(JarEntry::getName)).toList();
                    for (JarEntry entry : own) {
                        digest.update(entry.getName().getBytes(StandardCharsets.UTF_8));
                        digest.update(ByteBuffer.allocate(8).putLong(entry.getCrc()).array());
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 6);
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            LOG.warn("Cannot fingerprint the forecasting code ({}); cached results of another build may be served", e.toString());
            return "unknown";
        }
    }
}
