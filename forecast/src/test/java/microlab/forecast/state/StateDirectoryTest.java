package microlab.forecast.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void aWriteReplacesTheFileAndLeavesNoTemporaryFile() throws IOException {
        StateDirectory state = new StateDirectory(dir.toString());
        Path file = dir.resolve("a/b/file");
        state.write(file, "one".getBytes(StandardCharsets.UTF_8));
        state.write(file, "two".getBytes(StandardCharsets.UTF_8));
        assertEquals("two", Files.readString(file));
        assertEquals(List.of(file), files());
    }

    @Test
    void aWriterKilledMidWriteLeavesTheLastCompleteFileReadable() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StateWriterMain.class.getName(), dir.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals("written 3"));
            assertEquals("written 3", line, "the writer should have saved three times");
            // SIGKILL while the next 8 MB save is under way: no shutdown hook, no finally block runs
            writer.destroyForcibly();
            assertTrue(writer.waitFor(10, TimeUnit.SECONDS));
        }
        boolean leftover = files().stream().anyMatch(p -> p.toString().endsWith(StateDirectory.TEMP_SUFFIX));

        List<ArchivedModel> models = new ModelArchive(new StateDirectory(dir.toString())).readAll();
        assertEquals(1, models.size());
        assertTrue(models.get(0).trainedAt().toEpochMilli() >= 3, "the model file holds a complete save");
        assertEquals(8 * 1024 * 1024, models.get(0).state().length);
        assertTrue(files().stream().noneMatch(p -> p.toString().endsWith(StateDirectory.TEMP_SUFFIX)),
                "the next start removes the unfinished temporary file" + (leftover ? " (there was one)" : ""));
    }

    @Test
    void aDamagedModelFileIsSkippedAndTheOthersStillLoad() throws IOException {
        ModelArchive archive = new ModelArchive(new StateDirectory(dir.toString()));
        archive.save(new ArchivedModel("AAA", "holt", "00aa", Instant.ofEpochMilli(1000), 5, new byte[]{1, 2, 3}));
        archive.save(new ArchivedModel("BBB", "holt", "00bb", Instant.ofEpochMilli(2000), 6, new byte[]{4, 5, 6}));
        Path damaged = archive.file("BBB", "holt", "00bb");
        byte[] content = Files.readAllBytes(damaged);
        content[content.length - 12] ^= 0x40;
        Files.write(damaged, content);
        Files.write(dir.resolve("models/AAA/ses-00aa.model"), new byte[]{1, 2});

        List<ArchivedModel> models = archive.readAll();
        assertEquals(1, models.size());
        assertEquals("AAA", models.get(0).symbol());
        assertArrayEquals(new byte[]{1, 2, 3}, models.get(0).state());
        assertEquals(Instant.ofEpochMilli(1000), models.get(0).trainedAt());
    }

    @Test
    void theBootCounterCountsStartsOnTheSameDirectory() throws IOException {
        assertEquals(1, new BootCounter(new StateDirectory(dir.toString())).countThisBoot());
        assertEquals(2, new BootCounter(new StateDirectory(dir.toString())).countThisBoot());
        Files.writeString(dir.resolve("boot-count"), "garbage");
        assertEquals(1, new BootCounter(new StateDirectory(dir.toString())).countThisBoot());
    }

    @Test
    void anUnwritableStateDirectoryIsReportedNotFatal() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        StateDirectory state = new StateDirectory(file.resolve("state").toString());
        assertFalse(state.writable());
        assertEquals(1, new BootCounter(state).countThisBoot());
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
