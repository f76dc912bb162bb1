package microlab.forecast.state;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Fitted models on the state directory, one file per symbol, model and data version:
 * {@code models/BTC/theta-1a2b3c4d5e6f7a8b.model}. Each file carries its own key and a CRC32, so a file
 * that was damaged outside the service (a full disk, a hand edit) is recognised and skipped.
 */
@Singleton
public class ModelArchive {

    private static final Logger LOG = LoggerFactory.getLogger(ModelArchive.class);
    private static final int MAGIC = 0x4d4c4152;
    private static final int FORMAT = 1;
    private static final String SUFFIX = ".model";
    private static final Pattern NAME_PART = Pattern.compile("[A-Za-z0-9_]{1,40}");

    private final StateDirectory state;

    public ModelArchive(StateDirectory state) {
        this.state = state;
    }

    public void save(ArchivedModel model) throws IOException {
        if (!state.writable()) {
            return;
        }
        state.write(file(model.symbol(), model.model(), model.dataVersion()), encode(model));
    }

    /** Every readable model file; unreadable ones are logged and left out. */
    public List<ArchivedModel> readAll() {
        Path folder = state.root().resolve("models");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<ArchivedModel> models = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder, 2)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                try {
                    models.add(decode(Files.readAllBytes(file)));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Ignoring the unreadable model file {}: {}", state.root().relativize(file), e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not list the saved models in {}: {}", folder, e.getMessage());
        }
        return models;
    }

    /** Deletes the files of {@code symbol} fitted to any other data version than {@code keepVersion}. */
    public int deleteOtherVersions(String symbol, String keepVersion) {
        Path folder = state.root().resolve("models").resolve(symbol);
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int deleted = 0;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(SUFFIX) && !name.endsWith("-" + keepVersion + SUFFIX)) {
                    Files.deleteIfExists(file);
                    deleted++;
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not remove outdated models of {}: {}", symbol, e.getMessage());
        }
        return deleted;
    }

    Path file(String symbol, String model, String dataVersion) {
        for (String part : List.of(symbol, model, dataVersion)) {
            if (!NAME_PART.matcher(part).matches()) {
                throw new IllegalArgumentException("not a safe file name part: " + part);
            }
        }
        return state.root().resolve("models").resolve(symbol).resolve(model + "-" + dataVersion + SUFFIX);
    }

    static byte[] encode(ArchivedModel model) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(model.symbol());
            out.writeUTF(model.model());
            out.writeUTF(model.dataVersion());
            out.writeLong(model.trainedAt().toEpochMilli());
            out.writeLong(model.fitMillis());
            out.writeInt(model.state().length);
            out.write(model.state());
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ArchivedModel decode(byte[] content) throws IOException {
        if (content.length < 8 + 8) {
            throw new IOException("too short to be a model file (" + content.length + " bytes)");
        }
        CRC32 crc = new CRC32();
        crc.update(content, 0, content.length - 8);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(content));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a model file");
        }
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("format " + format + ", this build reads " + FORMAT);
        }
        long stored = new DataInputStream(new ByteArrayInputStream(content, content.length - 8, 8)).readLong();
        if (stored != crc.getValue()) {
            throw new IOException("checksum mismatch: the file is damaged");
        }
        String symbol = in.readUTF();
        String model = in.readUTF();
        String dataVersion = in.readUTF();
        Instant trainedAt = Instant.ofEpochMilli(in.readLong());
        long fitMillis = in.readLong();
        int length = in.readInt();
        if (length < 0 || length > content.length) {
            throw new IOException("bad length " + length);
        }
        byte[] state = in.readNBytes(length);
        if (state.length != length) {
            throw new IOException("truncated");
        }
        return new ArchivedModel(symbol, model, dataVersion, trainedAt, fitMillis, Arrays.copyOf(state, length));
    }
}
