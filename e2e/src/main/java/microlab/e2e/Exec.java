package microlab.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A command run to its end, its output (stdout and stderr together) kept: java -version, the docker CLI, kubectl. */
public record Exec(int exit, String output) {

    /** A command that ended other than with exit 0, with what it said. */
    public static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }

    /** Runs the command and waits for it; a command that cannot be started at all exits 127, as in a shell. */
    public static Exec run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Exec(process.waitFor(), output);
        } catch (IOException e) {
            return new Exec(127, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted while running " + String.join(" ", command));
        }
    }

    /**
     * Runs the command with its output going straight to this program's, so that a long build shows as it goes; env
     * adds to this program's environment. Its exit; 127 when it cannot be started.
     */
    public static int stream(List<String> command, Map<String, String> env) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(env);
            return builder.start().waitFor();
        } catch (IOException e) {
            System.out.println(String.join(" ", command) + ": " + e.getMessage());
            return 127;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted while running " + String.join(" ", command));
        }
    }

    /**
     * Starts a server in the background, in dir, its output (stdout and stderr) to log and nothing on its input; env
     * adds to this program's environment, and a key mapped to null is taken out of it. The caller stops it.
     */
    public static Process background(Path dir, Path log, Map<String, String> env, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        env.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Exec run(String... command) {
        return run(List.of(command));
    }

    public boolean ok() {
        return exit == 0;
    }

    public String firstLine() {
        return output.lines().findFirst().orElse("");
    }

    /** The command's output, or {@link Failed} naming the command and what it said. */
    public static String check(List<String> command) {
        Exec done = run(command);
        if (!done.ok()) {
            throw new Failed(String.join(" ", command) + " failed (exit " + done.exit() + "): " + done.output().strip());
        }
        return done.output();
    }

    public static String check(String... command) {
        return check(List.of(command));
    }
}
