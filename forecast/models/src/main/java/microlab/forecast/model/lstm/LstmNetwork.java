package microlab.forecast.model.lstm;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.initializer.Initializer;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The network (one LSTM layer read to its last step, then a linear head giving the next standardised
 * change) and the inputs it reads.
 *
 * <p>Each input step carries two features: the standardised change at that step and the step's level
 * relative to the window's last value. Both are invariant to the series' level, so a trending price
 * never leaves the range the network was trained on; the relative level keeps the shape of the window
 * without the doubled noise of differencing.
 */
final class LstmNetwork {

    static final int FEATURES = 2;

    private LstmNetwork() {
    }

    static Block newBlock(int hiddenUnits) {
        return new SequentialBlock()
                .add(LSTM.builder().setStateSize(hiddenUnits).setNumLayers(1).optBatchFirst(true).optReturnState(false).build())
                .add(LambdaBlock.singleton(sequence -> sequence.get(":, -1, :"), "lastStep"))
                .add(Linear.builder().setUnits(1).build());
    }

    static Block restore(NDManager manager, LstmState state) {
        Block block = newBlock(state.hiddenUnits());
        // Zeros, not random draws: the saved weights replace them anyway, and a random initialisation
        // would take numbers from PyTorch's one global generator while a training elsewhere relies on it
        // for reproducible weights.
        block.setInitializer(Initializer.ZEROS, parameter -> true);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, state.lookback(), FEATURES));
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state.parameters()))) {
            block.loadParameters(manager, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            throw new IllegalArgumentException("The saved LSTM weights do not fit the network.", e);
        }
        return block;
    }

    /**
     * Writes the window that ends at index {@code end} of {@code z} (it reads {@code z[end - lookback]}
     * to {@code z[end]}) into {@code into} from {@code offset}, step after step.
     */
    static void window(double[] z, int end, int lookback, double scale, float[] into, int offset) {
        double levelScale = scale * Math.sqrt(lookback);
        for (int i = 0; i < lookback; i++) {
            int k = end - lookback + 1 + i;
            into[offset + FEATURES * i] = (float) ((z[k] - z[k - 1]) / scale);
            into[offset + FEATURES * i + 1] = (float) ((z[k] - z[end]) / levelScale);
        }
    }
}
