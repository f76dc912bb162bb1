package microlab.e2e.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A command run to its end, its output (stdout and stderr together) kept: java -version, the docker CLI. */
record Exec(int exit, String output) {

    /** Runs the command and waits for it; a command that cannot be started at all exits 127, as in a shell. */
    static Exec run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Exec(process.waitFor(), output);
        } catch (IOException e) {
            return new Exec(127, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Startup.Failure("interrupted while running " + String.join(" ", command));
        }
    }

    static Exec run(String... command) {
        return run(List.of(command));
    }

    boolean ok() {
        return exit == 0;
    }

    String firstLine() {
        return output.lines().findFirst().orElse("");
    }

    /** The command's output, or a failure naming the command and what it said. */
    static String check(String... command) {
        Exec done = run(command);
        if (!done.ok()) {
            throw new Startup.Failure(String.join(" ", command) + " failed (exit " + done.exit() + "): " + done.output().strip());
        }
        return done.output();
    }
}
