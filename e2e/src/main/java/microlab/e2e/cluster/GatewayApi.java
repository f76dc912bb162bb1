package microlab.e2e.cluster;

import microlab.e2e.smoke.Smoke;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * gateway-api: the Gateway API overlay (k8s/overlays/kind-gateway-api) in place of the Ingress, on the images
 * k8s/kind-up.sh built (its build overlay, with the same content tags); the smoke passes through it; then the
 * Ingress overlay is back as kind-up.sh left it.
 */
record GatewayApi(Kubectl kubectl, Ingress ingress, Path buildOverlay, String base) implements Check {

    static final String OVERLAY = "kind-gateway-api";

    @Override
    public void run() throws InterruptedException {
        kubectl.run("apply", "-k", withOverlay(OVERLAY).toString());
        // kustomize's apply never deletes: the Ingress the Gateway replaces goes by hand
        kubectl.run("delete", "ingress", "gateway", "--ignore-not-found");
        kubectl.run("wait", "--for=condition=Programmed", "gateway/microlab", "--timeout=120s");
        System.out.print(kubectl.run("get", "gateway,httproute"));
        ingress.awaitAnswer("/health/readiness", Duration.ofSeconds(90));
        int smoke = Smoke.check(base);
        // back to the Ingress, also when the smoke failed
        kubectl.run("delete", "httproute", "gateway", "--ignore-not-found");
        kubectl.run("delete", "gateway", "microlab", "--ignore-not-found");
        kubectl.run("apply", "-k", buildOverlay.toString());
        ingress.awaitAnswer("/health/readiness", Duration.ofSeconds(90));
        Check.require(smoke == 0, "the smoke failed through the Gateway API (its lines above)");
    }

    /**
     * kind-up.sh's kustomization (its images' tags on overlays/kind), moved one folder down and resting on
     * overlays/NAME instead; refused when it names no overlays/kind, which would leave the check on the Ingress.
     */
    static String retarget(String kustomization, String name) {
        String moved = kustomization.replaceAll("(?m)^  - .*overlays/kind$", "  - ../../overlays/" + name);
        Check.require(!moved.equals(kustomization), "the build overlay rests on no overlays/kind: " + kustomization);
        return moved;
    }

    /** The build overlay with overlays/NAME in place of overlays/kind: the same images, another overlay. */
    private Path withOverlay(String name) {
        try {
            Path dir = Files.createDirectories(buildOverlay.resolve(name));
            String kustomization = Files.readString(buildOverlay.resolve("kustomization.yaml"));
            Files.writeString(dir.resolve("kustomization.yaml"), retarget(kustomization, name));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
