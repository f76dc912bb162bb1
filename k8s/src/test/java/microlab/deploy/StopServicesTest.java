package microlab.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/down's stop ({@code stop_services} in bin/lib/services.sh): TERM, then KILL after the timeout; except that a
 * service bin/up started to train its AOT cache writes that cache when it stops, so it is given AOT_WRITE_TIMEOUT.
 * The service here is a stand-in whose command line names the jar, as a JVM's does, and which takes 3 s to exit
 * after TERM.
 */
class StopServicesTest {

    static final String STOP = """
            SCRIPT=test; source bin/lib/common.sh; source bin/lib/services.sh
            SERVICES=(users-service)
            mkdir -p "$PID_DIR"
            bash -c 'trap "sleep 3; exit 0" TERM; while :; do sleep 0.1; done' "users-service-$JAR_VERSION.jar" &
            echo $! >"$PID_DIR/users-service.pid"
            [[ $1 != training ]] || touch "$PID_DIR/users-service.aot-training"
            started=$(date +%s%N)
            stop_services 1
            echo "took $((($(date +%s%N) - started) / 1000000)) ms"
            [[ ! -e $PID_DIR/users-service.aot-training ]] && echo "marker removed"
            """;

    @Test
    void aServiceWritingItsAotCacheIsGivenTheTimeToFinish(@TempDir Path run) throws Exception {
        String said = stop(run, "training");
        assertTrue(said.contains("stopping users-service (pid "), said);
        assertTrue(said.contains("it writes its AOT cache first"), said);
        assertFalse(said.contains("sending KILL"), said);
        assertTrue(took(said) >= 2500, "it stopped before the stand-in had finished: " + said);
        assertTrue(said.contains("marker removed"), said);
    }

    @Test
    void anyOtherServiceIsKilledAfterTheTimeout(@TempDir Path run) throws Exception {
        String said = stop(run, "plain");
        assertFalse(said.contains("AOT cache"), said);
        assertTrue(said.contains("users-service did not stop within 1 s of TERM; sending KILL"), said);
        assertTrue(took(said) < 2500, said);
    }

    static long took(String said) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("took (\\d+) ms").matcher(said);
        assertTrue(m.find(), said);
        return Long.parseLong(m.group(1));
    }

    static String stop(Path run, String mode) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", STOP, "-", mode).directory(Repository.ROOT.toFile())
                .redirectErrorStream(true);
        builder.environment().put("MICROLAB_RUN_DIR", run.toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stop_services did not finish");
        assertEquals(0, process.exitValue(), out);
        return out;
    }
}
