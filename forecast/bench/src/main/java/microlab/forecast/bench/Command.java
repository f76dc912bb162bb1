package microlab.forecast.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * bin/bench's command line for the forecast models: its help, its options checked, then {@link Bench} (the three
 * tables) or {@link AutoEvaluation} (--auto-eval, --hourly-set) with theirs. --no-build is the shell's (it decides
 * whether to compile first) and is passed over here.
 */
public final class Command {

    static final String USAGE = """
            Usage: bin/bench [--no-build] [--no-lstm] [--folds N] [--lstm-folds N]
                   bin/bench --auto-eval [--no-build] [--variants]
                   bin/bench --hourly-set DIR [--no-build] [--variants] [--tuning-only] [--peer FILE] [--windows FILE] [--worst N]
                   bin/bench startup [--no-build] [--no-containers | --containers] [SERVICE...]
                                                                 (see bin/bench startup --help)
                   bin/bench gateway [--no-build] [--tracing]    (see bin/bench gateway --help)
                   bin/bench forecast [--base URL] [--passes N] [--models a,b] DIR
                                                                 POST /forecast's time per model on a running system
                                                                 (bin/up), each series of DIR/train.csv in turns

            Benchmarks the forecast models on the shipped daily crypto closes (BTC, ETH, SOL, XRP, DOGE) and
            prints three tables:
              1. fit + forecast time of every model on the BTC series (horizon 30, 80% intervals)
              2. the time of a 5-fold backtest of all statistical models, and of auto
              3. accuracy on the last N x 30 days of each asset (rolling origins 30 days apart, horizon 30):
                 MASE relative to naive and the coverage of the 80% intervals

              --no-build       use the classes already in forecast/bench/target and forecast/models/target (an earlier run's)
              --no-lstm        leave the LSTM out (it trains once per fold and asset: minutes, not seconds)
              --folds N        rolling origins for the accuracy table (default 12, i.e. the last 360 days)
              --lstm-folds N   rolling origins for the LSTM's accuracy rows (default 4)

              --auto-eval      instead of the tables above: evaluate auto the way POST /forecast is judged, on
                               held-out synthetic M4-style hourly and daily series (fixed seed) and the shipped
                               closes: sMAPE, MASE, OWA vs Naive2, 80%/95% coverage and CPU ms per series
              --hourly-set DIR the same evaluation on real hourly series in DIR (train.csv and test.csv, one series
                               a row; e.g. ../shared/data/hourly) and on generated ones, posted with period 24,
                               horizon 48. Tuning sets: the last 3 48-hour windows inside each training part, and
                               the generated series of --auto-eval's seed. Held out, the result: each series' test
                               window, and generated series of another seed; then auto's worst held-out windows
              --variants       with --auto-eval or --hourly-set: also each step of auto's design on its own
              --auto-only      with --auto-eval or --hourly-set: leave out the single models (auto and its variants only)
              --tuning-only    with --hourly-set: the tuning sets alone, for trying a change without seeing the result
              --windows FILE   with --hourly-set: write every window's training values to FILE and stop (for a peer)
              --peer FILE      with --hourly-set: score a peer's forecasts of those windows beside the models
                               (forecast/bench/peer: statsforecast's AutoETS, AutoARIMA, AutoTheta, MSTL)
              --worst N        how many of auto's worst held-out windows to list (default 15)

            Environment:
              JAVA_OPTS        JVM flags (default: -Xmx1g)
              DJL_CACHE_DIR    where the PyTorch runtime is unpacked for the LSTM (default .run/djl; about 430 MB)
            """;

    private Command() {
    }

    public static void main(String[] args) throws IOException {
        List<String> passed = new ArrayList<>();
        boolean auto = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "-h", "--help" -> {
                        System.out.print(USAGE);
                        return;
                    }
                    case "--no-build" -> {
                        // the shell's
                    }
                    case "--no-lstm", "--variants", "--auto-only", "--tuning-only" -> passed.add(arg);
                    case "--auto-eval" -> auto = true;
                    case "--hourly-set" -> {
                        String dir = value(args, ++i, arg);
                        if (!Files.isRegularFile(Path.of(dir, "train.csv")) || !Files.isRegularFile(Path.of(dir, "test.csv"))) {
                            throw new IllegalArgumentException("--hourly-set needs a folder with train.csv and test.csv");
                        }
                        auto = true;
                        passed.addAll(List.of(arg, dir));
                    }
                    case "--windows", "--peer", "--worst" -> passed.addAll(List.of(arg, value(args, ++i, arg)));
                    case "--folds", "--lstm-folds" -> {
                        String n = value(args, ++i, arg);
                        if (!n.matches("[1-9][0-9]*")) {
                            throw new IllegalArgumentException(arg + " needs a positive whole number");
                        }
                        passed.addAll(List.of(arg, n));
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("bin/bench: " + e.getMessage() + "; see bin/bench --help.");
            System.exit(2);
        }
        System.out.println("bin/bench: running " + (auto ? AutoEvaluation.class : Bench.class).getName());
        String[] rest = passed.toArray(String[]::new);
        if (auto) {
            AutoEvaluation.main(rest);
        } else {
            Bench.main(rest);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
