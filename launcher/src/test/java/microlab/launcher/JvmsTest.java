package microlab.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which java the bare JVM path runs the services on (bin/up, bin/bench): the newest Java 25 or newer that is
 * installed, so the AOT cache is used without asking; java on PATH, with a message, when there is none;
 * SERVICE_JAVA over both. The JDKs here are stand-ins that print a version as {@code java -version} does.
 */
class JvmsTest {

    record Picked(Jvms.Java java, String said) {
    }

    @Test
    void theNewestJava25OrNewerInstalledIsPickedOverAnOlderJavaOnPath(@TempDir Path tmp) throws Exception {
        Path onPath = fakeJdk(tmp.resolve("path-jdk"), "17.0.15");
        Path jvms = tmp.resolve("jvm");
        fakeJdk(jvms.resolve("jdk-21"), "21.0.7");
        Path jdk25 = fakeJdk(jvms.resolve("temurin-25"), "25.0.1");

        Picked picked = serviceJava(onPath, jvms, null);

        assertEquals(jdk25.resolve("bin/java").toString(), picked.java().command());
        assertEquals(25, picked.java().major());
        assertTrue(picked.said().contains("Java 25, with an AOT cache per service"), picked.said());
    }

    @Test
    void withoutJava25ItIsJavaOnPathAndItSaysSo(@TempDir Path tmp) throws Exception {
        Path onPath = fakeJdk(tmp.resolve("path-jdk"), "17.0.15");
        Path jvms = tmp.resolve("jvm");
        fakeJdk(jvms.resolve("jdk-21"), "21.0.7");

        Picked picked = serviceJava(onPath, jvms, null);

        assertEquals("java", picked.java().command());
        assertTrue(picked.said().contains("Java 17: plain starts, no AOT cache"), picked.said());
    }

    @Test
    void serviceJavaWins(@TempDir Path tmp) throws Exception {
        Path onPath = fakeJdk(tmp.resolve("path-jdk"), "17.0.15");
        Path jvms = tmp.resolve("jvm");
        fakeJdk(jvms.resolve("temurin-25"), "25.0.1");
        String chosen = onPath.resolve("bin/java").toString();

        Picked picked = serviceJava(onPath, jvms, chosen);

        assertEquals(chosen, picked.java().command());
        assertTrue(picked.said().contains("(SERVICE_JAVA), Java 17"), picked.said());
    }

    @Test
    void anOldStyleVersionIsReadAsItsFeatureRelease(@TempDir Path tmp) throws Exception {
        assertEquals(8, Jvms.major(fakeJdk(tmp.resolve("jdk-8"), "1.8.0_412").resolve("bin/java").toString()));
        assertEquals(0, Jvms.major(tmp.resolve("nothing/bin/java").toString()));
    }

    /**
     * Netty may use sun.misc.Unsafe, and load its epoll library without a warning, where the JVM knows the flag that
     * allows it (Java 23 on); Java 17 would refuse to start with the first, so it gets nothing.
     */
    @Test
    void unsafeMemoryAccessIsAllowedFromJava23AndNotGivenToOlderJavas() {
        List<String> allowed = List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED");
        assertEquals(allowed, new Jvms.Java("java", 25).flags());
        assertEquals(allowed, new Jvms.Java("java", 23).flags());
        assertEquals(List.of(), new Jvms.Java("java", 21).flags());
        assertEquals(List.of(), new Jvms.Java("java", 17).flags());
    }

    /** A folder with bin/java that prints the version line of an OpenJDK {@code version}. */
    static Path fakeJdk(Path home, String version) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"" + version + "\" 2025-10-21' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    static Picked serviceJava(Path pathJdk, Path jvmDirs, String serviceJava) {
        Map<String, String> env = new HashMap<>(Map.of("PATH", pathJdk.resolve("bin") + ":/usr/bin:/bin",
                "JVM_DIRS", jvmDirs.toString()));
        if (serviceJava != null) {
            env.put("SERVICE_JAVA", serviceJava);
        }
        PrintStream err = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
        try {
            return new Picked(Jvms.serviceJava(env), said.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
        }
    }
}
