package microlab.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A service's AOT cache: the first start on Java 25 trains it (and is marked, so bin/down waits for the write); once
 * written, the next start uses it; a different jar or other flags train it again; below Java 25 or with AOT=off
 * there are no AOT flags at all. The java is the one running this test, for the key's version part only.
 */
class AotCacheTest {

    static final Jvms.Java JAVA_25 = new Jvms.Java(ProcessHandle.current().info().command().orElse("java"), 25);

    @Test
    void trainsThenUsesTheCacheAndTrainsAgainWhenTheFlagsChange(@TempDir Path tmp) throws Exception {
        Layout layout = ServiceProcessesTest.layout(tmp);
        AotCache aot = new AotCache(layout, false);
        Path jar = Files.writeString(tmp.resolve("users-service-0.1.0.jar"), "a jar");
        List<String> opts = List.of("-Xmx256m");
        Path cache = aot.cache("users-service");

        assertEquals(List.of("-XX:AOTCacheOutput=" + cache), aot.flags("users-service", JAVA_25, jar, opts));
        assertTrue(aot.pending("users-service"), "a training start is not marked");

        // the JVM writes the cache when it stops, after the training began
        Files.writeString(cache, "cache");
        Files.setLastModifiedTime(cache, FileTime.fromMillis(System.currentTimeMillis() + 2000));
        assertFalse(aot.pending("users-service"));
        assertEquals(List.of("-XX:AOTCache=" + cache), aot.flags("users-service", JAVA_25, jar, opts));
        assertFalse(Files.exists(aot.trainingMarker("users-service")));

        assertEquals(List.of("-XX:AOTCacheOutput=" + cache), aot.flags("users-service", JAVA_25, jar, List.of("-Xmx512m")));
        assertFalse(Files.exists(cache), "a cache made for other flags is kept");
    }

    @Test
    void noAotFlagsBelowJava25OrWhenSwitchedOff(@TempDir Path tmp) throws Exception {
        Layout layout = ServiceProcessesTest.layout(tmp);
        Path jar = Files.writeString(tmp.resolve("users-service-0.1.0.jar"), "a jar");

        assertEquals(List.of(), new AotCache(layout, false).flags("users-service", new Jvms.Java("java", 21), jar, List.of()));
        assertEquals(List.of(), new AotCache(layout, true).flags("users-service", JAVA_25, jar, List.of()));
        assertFalse(Files.exists(new AotCache(layout, false).trainingMarker("users-service")));
    }

    @Test
    void theKeyFollowsTheJarsContent(@TempDir Path tmp) throws Exception {
        Path jar = Files.writeString(tmp.resolve("a.jar"), "one");
        String first = AotCache.key(JAVA_25, jar, List.of());
        Files.writeString(jar, "two");
        assertFalse(first.equals(AotCache.key(JAVA_25, jar, List.of())));
        assertEquals(AotCache.key(JAVA_25, jar, List.of()), AotCache.key(JAVA_25, jar, List.of()));
    }
}
