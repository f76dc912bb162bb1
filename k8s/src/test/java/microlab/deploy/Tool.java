package microlab.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The command-line tools the checks lean on: kubectl (kustomize) and yamllint. */
final class Tool {

    record Result(int exitCode, String output) {
    }

    private Tool() {
    }

    static Result run(Path workDir, String... command) {
        requireOnPath(command[0]);
        try {
            Path output = Files.createTempFile("deploy-check", ".out");
            try {
                Process process = new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Output of a command that must succeed. */
    static String output(Path workDir, String... command) {
        Result result = run(workDir, command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + result.exitCode() + "):\n"
                    + result.output());
        }
        return result.output();
    }

    /** The rendered YAML of a kustomization folder. */
    static String kustomize(Path dir) {
        return output(dir, "kubectl", "kustomize", dir.toString());
    }

    private static void requireOnPath(String program) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        boolean found = dirs.stream().anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
        if (!found) {
            throw new IllegalStateException(program + " is not on the PATH. The deploy checks need it: "
                    + switch (program) {
                        case "kubectl" -> "install kubectl (its built-in kustomize renders k8s/).";
                        case "yamllint" -> "apt-get install -y yamllint.";
                        default -> "install it.";
                    });
        }
    }
}
