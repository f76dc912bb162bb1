package microlab.forecast.state;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Counts the starts of the service on its state directory: the visible proof that the volume survived. */
@Singleton
public class BootCounter {

    private static final Logger LOG = LoggerFactory.getLogger(BootCounter.class);

    private final StateDirectory state;
    private final Path file;
    private volatile int count;

    public BootCounter(StateDirectory state) {
        this.state = state;
        this.file = state.root().resolve("boot-count");
    }

    /** Called once per start: reads the previous count and writes it plus one. */
    public int countThisBoot() {
        int previous = read();
        count = previous + 1;
        if (state.writable()) {
            try {
                state.write(file, (count + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                LOG.error("Could not record boot {} in {}: {}", count, file, e.getMessage());
            }
        }
        LOG.info("Boot {} on state directory {}", count, state.root());
        return count;
    }

    public int count() {
        return count;
    }

    private int read() {
        try {
            return Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException | NumberFormatException e) {
            LOG.warn("Ignoring the unreadable boot counter {} ({}); counting from 0", file, e.getMessage());
            return 0;
        }
    }
}
