package microlab.e2e.cluster;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DeployedTest {

    @Test
    void readsTheContentTagsKindUpWroteIntoTheBuildOverlay() {
        String kustomization = """
                # Written by k8s/kind-up.sh: the overlay with the tags of the images it just built.
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../overlays/kind
                images:
                  - name: microlab/users-service
                    newTag: "3f2a9c1d0b7e"
                  - name: microlab/gateway
                    newTag: "0a1b2c3d4e5f"
                """;
        assertEquals(Map.of("microlab/users-service", "3f2a9c1d0b7e", "microlab/gateway", "0a1b2c3d4e5f"),
                Deployed.tags(kustomization));
        assertThrows(IllegalStateException.class, () -> Deployed.tags("resources:\n  - ../overlays/kind\n"));
    }
}
