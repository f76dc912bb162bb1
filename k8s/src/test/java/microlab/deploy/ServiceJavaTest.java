package microlab.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which java the bare JVM path runs the services on ({@code service_java} in bin/lib/aot.sh, used by
 * bin/up and bin/bench): the newest Java 25 or newer that is installed, so the AOT cache is used without
 * asking; java on PATH, with a message, when there is none; SERVICE_JAVA over both. The JDKs here are
 * stand-ins that print a version as {@code java -version} does.
 */
class ServiceJavaTest {

    record Picked(String java, String said) {
    }

    @Test
    void theNewestJava25OrNewerInstalledIsPickedOverAnOlderJavaOnPath(@TempDir Path tmp) throws Exception {
        Path onPath = fakeJdk(tmp.resolve("path-jdk"), "17.0.15");
        Path jvms = tmp.resolve("jvm");
        fakeJdk(jvms.resolve("jdk-21"), "21.0.7");
        Path jdk25 = fakeJdk(jvms.resolve("temurin-25"), "25.0.1");

        Picked picked = serviceJava(onPath, jvms, null);

        assertEquals(jdk25.resolve("bin/java").toString(), picked.java());
        assertTrue(picked.said().contains("Java 25, with an AOT cache per service"), picked.said());
    }

    @Test
    void withoutJava25ItIsJavaOnPathAndItSaysSo(@TempDir Path tmp) throws Exception {
        Path onPath = fakeJdk(tmp.resolve("path-jdk"), "17.0.15");
        Path jvms = tmp.resolve("jvm");
        fakeJdk(jvms.resolve("jdk-21"), "21.0.7");

        Picked picked = serviceJava(onPath, jvms, null);

        assertEquals("java", picked.java());
        assertTrue(picked.said().contains("Java 17: plain starts, no AOT cache"), picked.said());
    }

    @Test
    void serviceJavaWins(@TempDir Path tmp) throws Exception {
        Path onPath = fakeJdk(tmp.resolve("path-jdk"), "17.0.15");
        Path jvms = tmp.resolve("jvm");
        fakeJdk(jvms.resolve("temurin-25"), "25.0.1");
        String chosen = onPath.resolve("bin/java").toString();

        Picked picked = serviceJava(onPath, jvms, chosen);

        assertEquals(chosen, picked.java());
        assertTrue(picked.said().contains("(SERVICE_JAVA), Java 17"), picked.said());
    }

    /**
     * java_flags: Netty may use sun.misc.Unsafe, and load its epoll library without a warning, where the JVM knows the
     * flag that allows it (Java 23 on); Java 17 would refuse to start with the first, so it gets nothing.
     */
    @Test
    void unsafeMemoryAccessIsAllowedFromJava23AndNotGivenToOlderJavas(@TempDir Path tmp) throws Exception {
        String allowed = "--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED";
        assertEquals(allowed, javaFlags(fakeJdk(tmp.resolve("jdk-25"), "25.0.1")));
        assertEquals(allowed, javaFlags(fakeJdk(tmp.resolve("jdk-23"), "23.0.2")));
        assertEquals("", javaFlags(fakeJdk(tmp.resolve("jdk-21"), "21.0.7")));
        assertEquals("", javaFlags(fakeJdk(tmp.resolve("jdk-17"), "17.0.15")));
    }

    static String javaFlags(Path jdk) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", "SCRIPT=test; source bin/lib/common.sh; source bin/lib/aot.sh; java_flags \"$1\"",
                "-", jdk.resolve("bin/java").toString()).directory(Repository.ROOT.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "java_flags did not finish");
        assertEquals(0, process.exitValue(), out);
        return out;
    }

    /** A folder with bin/java that prints the version line of an OpenJDK {@code version}. */
    static Path fakeJdk(Path home, String version) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"" + version + "\" 2025-10-21' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    static Picked serviceJava(Path pathJdk, Path jvmDirs, String serviceJava) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                "SCRIPT=test; source bin/lib/common.sh; source bin/lib/aot.sh; service_java")
                .directory(Repository.ROOT.toFile());
        Map<String, String> env = builder.environment();
        env.put("PATH", pathJdk.resolve("bin") + ":/usr/bin:/bin");
        env.put("JVM_DIRS", jvmDirs.toString());
        env.put("MICROLAB_RUN_DIR", jvmDirs.resolveSibling("run").toString());
        env.remove("JAVA_HOME");
        env.remove("SERVICE_JAVA");
        if (serviceJava != null) {
            env.put("SERVICE_JAVA", serviceJava);
        }
        Path err = jvmDirs.resolveSibling("stderr");
        builder.redirectError(err.toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "service_java did not finish");
        String said = Files.readString(err);
        assertEquals(0, process.exitValue(), said);
        return new Picked(out, said);
    }
}
