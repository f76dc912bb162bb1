package microlab.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/down's stop: TERM, then KILL after the timeout; except that a service bin/up started to train its AOT cache
 * writes that cache when it stops, so it is given AOT_WRITE_TIMEOUT. The service here is a stand-in whose command
 * line names the jar, as a JVM's does, and which takes 3 s to exit after TERM.
 */
class ServiceProcessesTest {

    @Test
    void aServiceWritingItsAotCacheIsGivenTheTimeToFinish(@TempDir Path tmp) throws Exception {
        Layout layout = layout(tmp);
        Process standIn = standIn(layout);
        Files.writeString(new AotCache(layout, false).trainingMarker("users-service"), "");

        Stopped stopped = stop(layout);

        assertTrue(stopped.said().contains("stopping users-service (pid " + standIn.pid() + "; it writes its AOT cache first)"),
                stopped.said());
        assertFalse(stopped.said().contains("sending KILL"), stopped.said());
        assertTrue(stopped.millis() >= 2500, "it stopped before the stand-in had finished: " + stopped);
        assertFalse(standIn.isAlive());
        assertFalse(Files.exists(new AotCache(layout, false).trainingMarker("users-service")), "the marker is left");
        assertFalse(Files.exists(layout.pidFile("users-service")), "the pid file is left");
    }

    @Test
    void anyOtherServiceIsKilledAfterTheTimeout(@TempDir Path tmp) throws Exception {
        Layout layout = layout(tmp);
        Process standIn = standIn(layout);

        Stopped stopped = stop(layout);

        assertFalse(stopped.said().contains("AOT cache"), stopped.said());
        assertTrue(stopped.said().contains("users-service did not stop within 1 s of TERM; sending KILL"), stopped.said());
        assertTrue(stopped.millis() < 2500, stopped.toString());
        assertFalse(standIn.isAlive());
    }

    @Test
    void aPidFileOfAnotherProgramIsNotARunningService(@TempDir Path tmp) throws Exception {
        Layout layout = layout(tmp);
        Files.createDirectories(layout.pids());
        Files.writeString(layout.pidFile("users-service"), ProcessHandle.current().pid() + "\n");
        ServiceProcesses services = new ServiceProcesses(layout, new AotCache(layout, false));

        assertFalse(services.running("users-service"));
        assertFalse(services.stopAll(Duration.ofSeconds(1), Duration.ofSeconds(1)), "it stopped something");
    }

    record Stopped(String said, long millis) {
    }

    static Layout layout(Path tmp) {
        return Layout.of(tmp, Map.of("JAR_VERSION", "0.1.0", "MICROLAB_RUN_DIR", tmp.resolve("run").toString()));
    }

    /** a process whose command line names users-service's jar and which takes 3 s to exit after TERM */
    static Process standIn(Layout layout) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", "trap 'sleep 3; exit 0' TERM; while :; do sleep 0.1; done",
                layout.jarName("users-service")).start();
        Files.createDirectories(layout.pids());
        Files.writeString(layout.pidFile("users-service"), process.pid() + "\n");
        // bash sets its trap first thing; give it that moment
        Thread.sleep(300);
        return process;
    }

    static Stopped stop(Layout layout) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(said, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        long started = System.nanoTime();
        try {
            new ServiceProcesses(layout, new AotCache(layout, false)).stopAll(Duration.ofSeconds(1), Duration.ofSeconds(120));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Stopped(said.toString(StandardCharsets.UTF_8), (System.nanoTime() - started) / 1_000_000);
    }
}
