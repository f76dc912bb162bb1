package microlab.forecast.state;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

/** Run in a child JVM by StateDirectoryTest: saves one large model file over and over until it is killed. */
public final class StateWriterMain {

    private StateWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        ModelArchive archive = new ModelArchive(new StateDirectory(Path.of(args[0]).toString()));
        byte[] state = new byte[8 * 1024 * 1024];
        Random random = new Random(1);
        for (long i = 1; ; i++) {
            random.nextBytes(state);
            archive.save(new ArchivedModel("KILL", "holt", "0123456789abcdef", Instant.ofEpochMilli(i), i, state));
            System.out.println("written " + i);
            System.out.flush();
        }
    }
}
