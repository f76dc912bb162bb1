package microlab.forecast.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class CodeVersionTest {

    @TempDir
    Path dir;

    @Test
    void aChangedClassChangesTheFingerprintOfAFolderAndOfAJar() throws IOException {
        Map<String, String> build = Map.of("microlab/forecast/model/A.class", "one", "microlab/forecast/B.class", "two");
        String folder = CodeVersion.of(folder("a", build));
        assertEquals(folder, CodeVersion.of(folder("b", build)));
        assertNotEquals(folder, CodeVersion.of(folder("c", Map.of("microlab/forecast/model/A.class", "ONE", "microlab/forecast/B.class", "two"))));

        String jar = CodeVersion.of(jar("a.jar", build));
        assertEquals(jar, CodeVersion.of(jar("b.jar", build)));
        assertNotEquals(jar, CodeVersion.of(jar("c.jar", Map.of("microlab/forecast/model/A.class", "ONE", "microlab/forecast/B.class", "two"))));
        // classes that are not the service's own (its dependencies) do not count
        assertEquals(jar, CodeVersion.of(jar("d.jar", Map.of("microlab/forecast/model/A.class", "one", "microlab/forecast/B.class", "two",
                "org/other/C.class", "three"))));
        assertEquals("unknown", CodeVersion.of(dir.resolve("missing.jar")));
    }

    private Path folder(String name, Map<String, String> classes) throws IOException {
        Path root = dir.resolve(name);
        for (Map.Entry<String, String> c : classes.entrySet()) {
            Path file = root.resolve(c.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, c.getValue());
        }
        return root;
    }

    private Path jar(String name, Map<String, String> classes) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
            for (Map.Entry<String, String> c : classes.entrySet()) {
                jar.putNextEntry(new JarEntry(c.getKey()));
                jar.write(c.getValue().getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return file;
    }
}
