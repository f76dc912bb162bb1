package microlab.e2e.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ApiServerCheckTest {

    @Test
    void keepsWarningsAndRefusalsAndDropsTheLinePerObject() {
        String output = """
                namespace/microlab serverside-applied (server dry run)
                Warning: would violate PodSecurity "restricted:latest": runAsNonRoot != true (container "c")
                deployment.apps/bad serverside-applied (server dry run)
                Error from server (Forbidden): pods "x" is forbidden
                """;
        assertEquals(List.of("Warning: would violate PodSecurity \"restricted:latest\": runAsNonRoot != true (container \"c\")",
                "Error from server (Forbidden): pods \"x\" is forbidden"), ApiServerCheck.complaints(output));
    }

    @Test
    void anOverlayAppliedCleanlySaysNothingElse() {
        assertEquals(List.of(), ApiServerCheck.complaints("service/gateway serverside-applied (server dry run)\n"
                + "deployment.apps/gateway serverside-applied (server dry run)\n"));
    }
}
