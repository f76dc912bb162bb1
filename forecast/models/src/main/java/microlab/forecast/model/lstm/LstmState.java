package microlab.forecast.model.lstm;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Everything a fitted LSTM needs to forecast again without training: the network's weights as DJL
 * wrote them, how the series was normalised, the last {@code lookback + 1} values of the series on the
 * modelling scale, and the held-out one-step residuals the intervals are drawn from.
 *
 * @param lookback         how many past steps the network reads
 * @param hiddenUnits      LSTM state size
 * @param logScale         whether the network works on log(y)
 * @param scale            the standard deviation of one-step changes that inputs and targets were divided by
 * @param targetMin        the smallest standardised one-step change seen in training
 * @param targetMax        the largest standardised one-step change seen in training
 * @param tail             the last {@code lookback + 1} values of the seasonally adjusted series on the modelling scale
 * @param season           the seasonal offset to add back at forecast step {@code h} is {@code season[(h - 1) % season.length]}
 * @param residuals        held-out one-step errors, standardised and centred
 * @param epochs           epochs trained until the weights kept
 * @param trainingWindows  windows the weights were trained on
 * @param validationWindows windows held out for early stopping and residuals
 * @param parameters       the network weights, from {@code Block.saveParameters}
 */
record LstmState(int lookback, int hiddenUnits, boolean logScale, double scale, double targetMin,
                 double targetMax, double[] tail, double[] season, float[] residuals, int epochs, int trainingWindows,
                 int validationWindows, byte[] parameters) {

    private static final int MAGIC = 0x4C53544D;
    private static final int FORMAT = 2;

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(parameters.length + 8 * tail.length + 4 * residuals.length + 128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(lookback);
            out.writeInt(hiddenUnits);
            out.writeBoolean(logScale);
            out.writeDouble(scale);
            out.writeDouble(targetMin);
            out.writeDouble(targetMax);
            out.writeInt(tail.length);
            for (double value : tail) {
                out.writeDouble(value);
            }
            out.writeInt(season.length);
            for (double value : season) {
                out.writeDouble(value);
            }
            out.writeInt(residuals.length);
            for (float value : residuals) {
                out.writeFloat(value);
            }
            out.writeInt(epochs);
            out.writeInt(trainingWindows);
            out.writeInt(validationWindows);
            out.writeInt(parameters.length);
            out.write(parameters);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static LstmState fromBytes(byte[] state) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("The saved state is not an LSTM model.");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalArgumentException("The saved LSTM model has format " + format + ", this build reads format " + FORMAT + ".");
            }
            int lookback = in.readInt();
            int hiddenUnits = in.readInt();
            boolean logScale = in.readBoolean();
            double scale = in.readDouble();
            double targetMin = in.readDouble();
            double targetMax = in.readDouble();
            double[] tail = new double[checkedLength(in.readInt(), state.length / 8)];
            for (int i = 0; i < tail.length; i++) {
                tail[i] = in.readDouble();
            }
            double[] season = new double[checkedLength(in.readInt(), state.length / 8)];
            for (int i = 0; i < season.length; i++) {
                season[i] = in.readDouble();
            }
            float[] residuals = new float[checkedLength(in.readInt(), state.length / 4)];
            for (int i = 0; i < residuals.length; i++) {
                residuals[i] = in.readFloat();
            }
            int epochs = in.readInt();
            int trainingWindows = in.readInt();
            int validationWindows = in.readInt();
            byte[] parameters = new byte[checkedLength(in.readInt(), state.length)];
            in.readFully(parameters);
            if (lookback < 1 || hiddenUnits < 1 || tail.length != lookback + 1 || season.length == 0 || residuals.length == 0 || !(scale > 0)) {
                throw new IllegalArgumentException("The saved LSTM model is inconsistent.");
            }
            return new LstmState(lookback, hiddenUnits, logScale, scale, targetMin, targetMax, tail, season,
                    residuals, epochs, trainingWindows, validationWindows, parameters);
        } catch (IOException e) {
            throw new IllegalArgumentException("The saved LSTM model is truncated or corrupt.", e);
        }
    }

    private static int checkedLength(int length, int limit) {
        if (length < 0 || length > limit) {
            throw new IllegalArgumentException("The saved LSTM model is truncated or corrupt.");
        }
        return length;
    }
}
