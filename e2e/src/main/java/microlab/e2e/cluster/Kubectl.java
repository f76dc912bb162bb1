package microlab.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import microlab.e2e.Http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** kubectl against one context and namespace: the checks see the cluster the way a user's terminal does. */
final class Kubectl {

    /** What a command printed (stdout and stderr together) and how it exited. */
    record Result(int status, String out) {
    }

    private final String kubectl;
    private final String context;
    private final String namespace;

    Kubectl(String kubectl, String context, String namespace) {
        this.kubectl = kubectl;
        this.context = context;
        this.namespace = namespace;
    }

    /** kubectl ARGS in the namespace; a non-zero exit is a check failure with what kubectl said. */
    String run(String... args) {
        List<String> command = command(args);
        Result r = exec(command);
        Check.require(r.status == 0, String.join(" ", command) + " failed (exit " + r.status + "): " + r.out.strip());
        return r.out;
    }

    /** kubectl ARGS in the namespace, whatever its exit. */
    Result status(String... args) {
        return exec(command(args));
    }

    /** kubectl get ARGS -o json, read. */
    JsonNode json(String... args) {
        List<String> get = new ArrayList<>(List.of("get"));
        get.addAll(List.of(args));
        get.addAll(List.of("-o", "json"));
        return Http.read(run(get.toArray(String[]::new)), JsonNode.class);
    }

    /** kubectl kustomize DIR: the manifests as the overlay renders them (no cluster asked). */
    String kustomize(String dir) {
        List<String> command = List.of(kubectl, "kustomize", dir);
        Result r = exec(command);
        Check.require(r.status == 0, String.join(" ", command) + " failed (exit " + r.status + "): " + r.out.strip());
        return r.out;
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(kubectl, "--context", context, "-n", namespace));
        command.addAll(List.of(args));
        return command;
    }

    private static Result exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
