package microlab.forecast.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The byte format of a saved fitted model: a magic number and format version, the model name, then
 * the model's own fields. A small explicit format rather than Java serialization, so a state file
 * written by one build is still readable after the classes are recompiled.
 */
public final class ModelState {

    private static final int MAGIC = 0x4d4c4643;
    private static final int VERSION = 1;

    private ModelState() {
    }

    /** Writes fields, starting with the header for {@code model}. */
    public static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        public Out(String model) {
            writeInt(MAGIC);
            writeInt(VERSION);
            writeString(model);
        }

        public Out writeInt(int v) {
            try {
                out.writeInt(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public Out writeBoolean(boolean v) {
            return writeInt(v ? 1 : 0);
        }

        public Out writeDouble(double v) {
            try {
                out.writeDouble(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public Out writeInts(int[] v) {
            writeInt(v.length);
            for (int i : v) {
                writeInt(i);
            }
            return this;
        }

        public Out writeDoubles(double[] v) {
            writeInt(v.length);
            for (double d : v) {
                writeDouble(d);
            }
            return this;
        }

        public Out writeString(String s) {
            try {
                out.writeUTF(s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public Out writeBytes(byte[] b) {
            writeInt(b.length);
            try {
                out.write(b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public byte[] toBytes() {
            return bytes.toByteArray();
        }
    }

    /** Reads fields back after checking the header names {@code model}. */
    public static final class In {
        private final DataInputStream in;

        public In(byte[] state, String model) {
            if (state == null) {
                throw new IllegalArgumentException("There is no saved state for " + model + ".");
            }
            in = new DataInputStream(new ByteArrayInputStream(state));
            if (readInt() != MAGIC) {
                throw new IllegalArgumentException("The saved state is not a fitted model.");
            }
            int version = readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException("The saved state has format version " + version + ", this build reads " + VERSION + ".");
            }
            String written = readString();
            if (!written.equals(model)) {
                throw new IllegalArgumentException("The saved state is a " + written + " model, not " + model + ".");
            }
        }

        public int readInt() {
            try {
                return in.readInt();
            } catch (IOException e) {
                throw truncated(e);
            }
        }

        public boolean readBoolean() {
            return readInt() != 0;
        }

        public double readDouble() {
            try {
                return in.readDouble();
            } catch (IOException e) {
                throw truncated(e);
            }
        }

        public int[] readInts() {
            int n = readLength();
            int[] v = new int[n];
            for (int i = 0; i < n; i++) {
                v[i] = readInt();
            }
            return v;
        }

        public double[] readDoubles() {
            int n = readLength();
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = readDouble();
            }
            return v;
        }

        public String readString() {
            try {
                return in.readUTF();
            } catch (IOException e) {
                throw truncated(e);
            }
        }

        public byte[] readBytes() {
            int n = readLength();
            try {
                return in.readNBytes(n);
            } catch (IOException e) {
                throw truncated(e);
            }
        }

        private int readLength() {
            int n = readInt();
            if (n < 0 || n > 50_000_000) {
                throw new IllegalArgumentException("The saved state is damaged (a length of " + n + ").");
            }
            return n;
        }

        private static IllegalArgumentException truncated(IOException e) {
            return new IllegalArgumentException("The saved state is truncated.", e);
        }
    }
}
