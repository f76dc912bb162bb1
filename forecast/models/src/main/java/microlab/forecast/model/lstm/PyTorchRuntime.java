package microlab.forecast.model.lstm;

import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The PyTorch engine, loaded from the native jar on the class path and never from the network.
 *
 * <p>DJL reads {@code DJL_CACHE_DIR} and {@code PYTORCH_FLAVOR} from the environment first and then
 * from a system property of the same name, and offline mode from {@code DJL_OFFLINE},
 * {@code ai.djl.offline} or {@code offline}; so defaults set here as system properties only apply
 * when the operator has said nothing. They must be in place before the engine is first asked for,
 * because that is when DJL unpacks the native library and sizes PyTorch's thread pools.
 *
 * <p>One PyTorch thread: the network is so small that a second thread only adds synchronisation, and on
 * a busy machine its spin-waiting made training five times slower than one thread (same results).
 */
final class PyTorchRuntime {

    static final String ENGINE = "PyTorch";

    private static final Logger LOG = LoggerFactory.getLogger(PyTorchRuntime.class);

    private static volatile Engine engine;

    private PyTorchRuntime() {
    }

    static Engine engine() {
        Engine loaded = engine;
        if (loaded == null) {
            synchronized (PyTorchRuntime.class) {
                loaded = engine;
                if (loaded == null) {
                    applyOfflineDefaults();
                    loaded = Engine.getEngine(ENGINE);
                    LOG.info("PyTorch {} loaded for the lstm model (offline: {}, native cache: {})",
                            loaded.getVersion(), Utils.isOfflineMode(), Utils.getEngineCacheDir("pytorch"));
                    engine = loaded;
                }
            }
        }
        return loaded;
    }

    /**
     * The platform DJL names its native libraries by ({@code linux-x86_64}, {@code linux-aarch64}, ...),
     * and why lstm cannot run here when the class path has no PyTorch for it and none is installed
     * (PYTORCH_LIBRARY_PATH). The forecast bundles linux-x86_64 only: the CPU library is 450 MB per platform.
     */
    static Optional<String> missingNativeLibrary() {
        String platform = platform();
        if (PyTorchRuntime.class.getClassLoader().getResource("pytorch/cpu/" + platform + "/") != null
                || System.getenv("PYTORCH_LIBRARY_PATH") != null) {
            return Optional.empty();
        }
        return Optional.of("lstm needs PyTorch, which this build bundles for linux-x86_64 only; this machine is " + platform
                + ". Run the forecast on x86-64 (Docker's --platform linux/amd64 emulates it) or point PYTORCH_LIBRARY_PATH at a"
                + " libtorch 2.7.1 for " + platform + ".");
    }

    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String name = os.startsWith("mac") ? "osx" : os.startsWith("win") ? "win" : "linux";
        String cpu = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
        return name + "-" + cpu;
    }

    static void applyOfflineDefaults() {
        if (System.getenv("DJL_OFFLINE") == null && System.getProperty("ai.djl.offline") == null
                && System.getProperty("offline") == null) {
            System.setProperty("offline", "true");
        }
        defaultTo("PYTORCH_FLAVOR", "cpu");
        System.getProperties().putIfAbsent("ai.djl.pytorch.num_threads", "1");
        System.getProperties().putIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        if (unset("DJL_CACHE_DIR")) {
            System.setProperty("DJL_CACHE_DIR", defaultCacheDir().toString());
        }
    }

    /**
     * Where DJL unpacks the native library (about 430 MB) when nobody said: the user's cache folder
     * ({@code $XDG_CACHE_HOME} or {@code ~/.cache}, then {@code microlab/djl}), so every run reuses one
     * copy; a temporary folder only where the home cannot be written.
     */
    static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        Path folder = base.resolve("microlab").resolve("djl");
        try {
            return Files.createDirectories(folder);
        } catch (IOException | SecurityException e) {
            Path fallback = Path.of(System.getProperty("java.io.tmpdir"), "microlab-djl");
            LOG.warn("cannot create {} ({}); PyTorch's native library goes to {}: set DJL_CACHE_DIR to keep it", folder, e, fallback);
            return fallback;
        }
    }

    private static void defaultTo(String name, String value) {
        if (unset(name)) {
            System.setProperty(name, value);
        }
    }

    private static boolean unset(String name) {
        String fromEnvironment = System.getenv(name);
        return (fromEnvironment == null || fromEnvironment.isBlank()) && System.getProperty(name) == null;
    }
}
