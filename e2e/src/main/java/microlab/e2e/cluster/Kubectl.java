package microlab.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import microlab.e2e.Exec;
import microlab.e2e.Http;

import java.util.ArrayList;
import java.util.List;

/** kubectl against one context and namespace: the checks see the cluster the way a user's terminal does. */
final class Kubectl {

    private final String kubectl;
    private final String context;
    private final String namespace;

    Kubectl(String kubectl, String context, String namespace) {
        this.kubectl = kubectl;
        this.context = context;
        this.namespace = namespace;
    }

    /** kubectl ARGS in the namespace; a non-zero exit is a failure with what kubectl said. */
    String run(String... args) {
        return Exec.check(command(args));
    }

    /** kubectl ARGS in the namespace, whatever its exit. */
    Exec status(String... args) {
        return Exec.run(command(args));
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
        return Exec.check(kubectl, "kustomize", dir);
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(kubectl, "--context", context, "-n", namespace));
        command.addAll(List.of(args));
        return command;
    }
}
