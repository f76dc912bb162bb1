package microlab.e2e.cluster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GatewayApiTest {

    static final String BUILD_OVERLAY = """
            # Written by k8s/kind-up.sh: the overlay with the tags of the images it just built.
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - ../overlays/kind
            images:
              - name: microlab/gateway
                newTag: "ac7aae1a9232"
            """;

    @Test
    void keepsTheImagesAndRestsOnTheOtherOverlayOneFolderDown() {
        assertEquals(BUILD_OVERLAY.replace("  - ../overlays/kind\n", "  - ../../overlays/kind-gateway-api\n"),
                GatewayApi.retarget(BUILD_OVERLAY, "kind-gateway-api"));
    }

    @Test
    void refusesAKustomizationWithoutTheKindOverlay() {
        String other = BUILD_OVERLAY.replace("overlays/kind", "overlays/kind-observability");
        assertThrows(Check.Failure.class, () -> GatewayApi.retarget(other, "kind-gateway-api"));
    }
}
