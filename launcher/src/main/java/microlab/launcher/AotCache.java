package microlab.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

import static microlab.launcher.Console.say;

/**
 * The JDK's AOT cache (JEP 483/514, Java 25+): a run started with -XX:AOTCacheOutput=F records which classes it
 * loads and links and how its methods run, and writes F when it exits; a later start with -XX:AOTCache=F finds them
 * loaded and linked already. The first bin/up after a build is that training run (the cache is written when bin/down
 * stops the service); the next one starts from the cache. A cache belongs to one jar, one JVM and one set of flags:
 * its key names all three, and a cache whose key differs is trained again. An unusable cache is not fatal: the JVM
 * says so in the service's log and starts as if there were none.
 */
final class AotCache {

    private final Layout layout;
    private final boolean off;

    AotCache(Layout layout, boolean off) {
        this.layout = layout;
        this.off = off;
    }

    Path cache(String service) {
        return layout.runDir().resolve("aot").resolve(service + ".aot");
    }

    /** the marker of a start that trains: bin/down gives that JVM the time to write its cache */
    Path trainingMarker(String service) {
        return layout.pids().resolve(service + ".aot-training");
    }

    /** The AOT flags for this start (none below Java 25 or with AOT=off); says whether it trains or uses the cache. */
    List<String> flags(String service, Jvms.Java java, Path jar, List<String> opts) {
        Os.delete(trainingMarker(service));
        if (off) {
            say(service + ": AOT cache off (AOT=off), plain start");
            return List.of();
        }
        if (!java.hasAotCache()) {
            return List.of();
        }
        Path cache = cache(service);
        Path keyFile = cache.resolveSibling(service + ".key");
        String key = key(java, jar, opts);
        // usable: made for this key, and written after the training run that the key file records began
        if (Os.read(keyFile).filter(key::equals).isPresent() && newer(cache, keyFile)) {
            say(service + ": starting from its AOT cache " + cache);
            return List.of("-XX:AOTCache=" + cache);
        }
        Os.delete(cache);
        Os.write(keyFile, key + "\n");
        Os.write(trainingMarker(service), "");
        say(service + ": training its AOT cache (written to " + cache + " when it stops; the next start uses it)");
        return List.of("-XX:AOTCacheOutput=" + cache);
    }

    /** true while a service started to train has not written its cache yet: on TERM it writes it before it exits */
    boolean pending(String service) {
        Path marker = trainingMarker(service);
        return Files.exists(marker) && !newer(cache(service), marker);
    }

    /** what a cache is valid for: the jar's content, the JVM's exact version, the flags */
    static String key(Jvms.Java java, Path jar, List<String> opts) {
        CRC32 crc = new CRC32();
        try (InputStream in = Files.newInputStream(jar)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        crc.update(Os.run(List.of(java.command(), "-version")).output().getBytes(StandardCharsets.UTF_8));
        crc.update(String.join(" ", opts).getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }

    private static boolean newer(Path file, Path than) {
        Optional<FileTime> a = modified(file);
        Optional<FileTime> b = modified(than);
        return a.isPresent() && b.isPresent() && a.get().compareTo(b.get()) > 0;
    }

    private static Optional<FileTime> modified(Path file) {
        try {
            return Optional.of(Files.getLastModifiedTime(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
