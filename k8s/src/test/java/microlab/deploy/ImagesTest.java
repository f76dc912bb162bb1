package microlab.deploy;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static microlab.deploy.WiringTest.assertHas;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ImagesTest {

    private static final List<String> MODULES = Images.modules(Repository.read(Repository.ROOT.resolve("pom.xml")));
    private static final String DOCKERIGNORE = Repository.read(Repository.ROOT.resolve(".dockerignore"));
    private static final String JKUBE_INCLUDE = Repository.read(Repository.ROOT.resolve(".jkube-dockerinclude"));

    @Test
    void theReactorHasTheFourLibrariesAndTheFiveApplications() {
        assertEquals(List.of("observability", "http-problem", "optional-redis", "users-service", "orders-service", "consumer-service", "gateway",
                "forecast/models", "forecast"), MODULES);
    }

    @Test
    void dockerignoreLetsEveryModuleInWithoutWildcardExceptions() {
        assertEquals(List.of(), Images.dockerignoreProblems(DOCKERIGNORE, MODULES));
    }

    @Test
    void jkubeSendsTheContextDockerignoreLetsIn() {
        assertEquals(List.of(), Images.jkubeIncludeProblems(DOCKERIGNORE, JKUBE_INCLUDE));
    }

    @Test
    void jkubeIncludeThatDriftedFromDockerignoreIsReported() {
        String drifted = Repository.replaceOnce(JKUBE_INCLUDE, "gateway/src/**\n", "README.md\n");

        List<String> problems = Images.jkubeIncludeProblems(DOCKERIGNORE, drifted);
        assertHas(problems, ".jkube-dockerinclude: gateway/src/** is missing");
        assertHas(problems, ".jkube-dockerinclude: README.md is not among");
    }

    @Test
    void wildcardExceptionIsReported() {
        String broken = Repository.replaceOnce(DOCKERIGNORE, "!gateway/src/\n", "!*/src/\n");

        List<String> problems = Images.dockerignoreProblems(broken, MODULES);
        assertHas(problems, "!*/src/ is an exception with a wildcard");
        assertHas(problems, "!gateway/src/ is missing");
    }

    @Test
    void newModuleMissingFromDockerignoreIsReported() {
        assertHas(Images.dockerignoreProblems(DOCKERIGNORE, List.of("http-problem", "billing-service")),
                "!billing-service/pom.xml is missing");
    }

    @Test
    void dockerfilesShareTheirBuildStagesAndTakeTheirBaseImagesAsArguments() {
        assertEquals(List.of(), Images.dockerfileProblems(Images.realDockerfiles(), MODULES, Compose.real()));
    }

    @Test
    void literalBaseImageIsReported() {
        Map<String, String> dockerfiles = new LinkedHashMap<>(Images.realDockerfiles());
        dockerfiles.put("gateway", Repository.replaceOnce(dockerfiles.get("gateway"), "FROM ${RUNTIME_IMAGE}", "FROM eclipse-temurin:21-jre-noble"));

        assertHas(Images.dockerfileProblems(dockerfiles, MODULES, Compose.real()),
                "gateway/Dockerfile: FROM eclipse-temurin:21-jre-noble cannot be replaced");
    }

    @Test
    void buildStageThatDriftedIsReported() {
        Map<String, String> dockerfiles = new LinkedHashMap<>(Images.realDockerfiles());
        dockerfiles.put("forecast", Repository.replaceOnce(dockerfiles.get("forecast"), "COPY --from=context /src/gateway/src gateway/src\n", ""));

        List<String> problems = Images.dockerfileProblems(dockerfiles, MODULES, Compose.real());
        assertHas(problems, "forecast/Dockerfile: its build stages differ from users-service/Dockerfile's");
        assertHas(problems, "forecast/Dockerfile: the build stage does not copy gateway/src");
    }

    @Test
    void dockerfileWithoutTheEndOfItsSharedStagesIsReported() {
        Map<String, String> dockerfiles = new LinkedHashMap<>(Images.realDockerfiles());
        dockerfiles.put("gateway", Repository.replaceOnce(dockerfiles.get("gateway"), Images.OWN_STAGES, "# the gateway"));

        assertHas(Images.dockerfileProblems(dockerfiles, MODULES, Compose.real()),
                "gateway/Dockerfile: the line that ends the shared stages is missing");
    }

    @Test
    void composeDefaultThatDiffersFromTheDockerfileIsReported() {
        Compose compose = Compose.real();
        @SuppressWarnings("unchecked")
        Map<String, Object> args = (Map<String, Object>) ((Map<String, Object>) compose.root.get("x-build")).get("args");
        args.put("JDK_IMAGE", "${JDK_IMAGE:-eclipse-temurin:21-jdk-noble}");

        assertHas(Images.dockerfileProblems(Images.realDockerfiles(), MODULES, compose),
                "users-service/Dockerfile: ARG JDK_IMAGE defaults to eclipse-temurin:25-jdk-noble, compose to eclipse-temurin:21-jdk-noble");
    }
}
