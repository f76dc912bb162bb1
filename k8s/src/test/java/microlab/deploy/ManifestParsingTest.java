package microlab.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestParsingTest {

    @Test
    void kindOverlayParsesStrictlyIntoTheKubernetesModel() {
        List<HasMetadata> resources = StrictManifests.parse(Rendered.kind());
        assertEquals(48, resources.size(), "resources in the kind overlay");
    }

    @Test
    void baseParsesStrictlyIntoTheKubernetesModel() {
        List<HasMetadata> resources = StrictManifests.parse(Rendered.base());
        assertTrue(resources.stream().noneMatch(r -> r.getKind().equals("NetworkPolicy")),
                "network policies are a component, off in the base");
        assertEquals(38, resources.size(), "resources in the base");
    }

    @Test
    void theIngressControllerParsesStrictlyIntoTheKubernetesModelGatewayClassIncluded() {
        List<String> kinds = StrictManifests.parse(Rendered.traefik()).stream().map(HasMetadata::getKind).sorted().toList();
        assertEquals(List.of("ClusterRole", "ClusterRoleBinding", "Deployment", "GatewayClass", "IngressClass", "Namespace",
                "ServiceAccount"), kinds, "resources in k8s/traefik");
    }

    @Test
    void misspelledFieldInTheGatewayClassIsRejected(@TempDir Path tmp) {
        assertMisspellingRejected(tmp, "traefik/traefik.yaml", "controllerName:", "controlerName:", "traefik",
                "GatewayClass/traefik");
    }

    @Test
    void misspelledFieldInARealFileIsRejectedWithItsPath(@TempDir Path tmp) {
        assertMisspellingRejected(tmp, "base/users-service.yaml", "readinessProbe:", "readinesProbe:", "overlays/kind",
                "Deployment/users-service");
    }

    /** A copy of k8s/ with FIELD misspelled as TYPO in FILE, rendered from FOLDER: the parse names OBJECT and TYPO. */
    private static void assertMisspellingRejected(Path tmp, String file, String field, String typo, String folder,
                                                  String object) {
        Path copy = Repository.copyOfK8s(tmp);
        Path path = copy.resolve(file);
        Repository.write(path, Repository.replaceOnce(Repository.read(path), field, typo));

        String rendered = Tool.kustomize(copy.resolve(folder));

        var error = assertThrows(StrictManifests.ManifestException.class, () -> StrictManifests.parse(rendered));
        String bad = typo.substring(0, typo.length() - 1);
        assertTrue(error.getMessage().contains(object) && error.getMessage().contains(bad), error.getMessage());
    }

    @Test
    void misspelledFieldDeepInAPolicyIsRejected(@TempDir Path tmp) {
        Path copy = Repository.copyOfK8s(tmp);
        Path file = copy.resolve("components/network-policies/consumer-service.yaml");
        String text = Repository.read(file);
        Repository.write(file, Repository.replaceOnce(text, "  egress:\n    - to:", "  egress:\n    - too:"));

        String rendered = Tool.kustomize(copy.resolve("overlays/kind"));

        var error = assertThrows(StrictManifests.ManifestException.class, () -> StrictManifests.parse(rendered));
        assertTrue(error.getMessage().contains("NetworkPolicy/consumer-service") && error.getMessage().contains("too"),
                error.getMessage());
    }

    @Test
    void valueOfTheWrongTypeIsRejected() {
        String broken = Repository.replaceOnce(Rendered.kind(), "  name: gateway\n  namespace: microlab\nspec:\n  replicas: 2",
                "  name: gateway\n  namespace: microlab\nspec:\n  replicas: [2]");
        assertThrows(StrictManifests.ManifestException.class, () -> StrictManifests.parse(broken));
    }

    @Test
    void unknownKindIsRejected() {
        String broken = Rendered.kind() + "---\napiVersion: example.invalid/v1\nkind: Widget\nmetadata:\n  name: w\n";
        var error = assertThrows(StrictManifests.ManifestException.class, () -> StrictManifests.parse(broken));
        assertTrue(error.getMessage().contains("unknown kind"), error.getMessage());
    }
}
