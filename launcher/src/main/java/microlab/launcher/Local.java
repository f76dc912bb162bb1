package microlab.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the benches of module e2e take from the bare JVM path, so that they run the services as bin/up does: the
 * services and their ports, their jars, the run folder, the java bin/up picks with its flags, PostgreSQL and Redis
 * provided the same way, packages installed with apt-get. A failure is an {@link IllegalStateException} whose message
 * says what to do.
 */
public final class Local {

    private final Layout layout = Layout.here();
    private final Map<String, String> env = System.getenv();

    /** From the repository root; NAME is what its lines start with ("bin/bench startup: ..."). */
    public Local(String name) {
        Console.name(name);
    }

    /** service name -> port, gateway last */
    public static Map<String, Integer> ports() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        Layout.SERVICES.forEach(service -> ports.put(service.name(), service.port()));
        return ports;
    }

    /** bin/up's JVM flags of a service (JAVA_OPTS and FORECAST_JAVA_OPTS aside): forecast's heap for its models, the others small and on C1 only */
    public static List<String> serviceFlags(String service) {
        return List.of((service.equals("forecast") ? Up.FORECAST_JAVA_OPTS + " -Doffline=true" : Up.JAVA_OPTS).split(" "));
    }

    public Path runDir() {
        return layout.runDir();
    }

    public String version() {
        return layout.version();
    }

    public Path jar(String service) {
        return layout.jar(service);
    }

    /** the java bin/up runs the services on (SERVICE_JAVA, else the newest Java 25+, else java); says which once */
    public Jvms.Java serviceJava() {
        return Jvms.serviceJava(env);
    }

    /** PostgreSQL and Redis as bin/up provides them; closing it stops what it started, nothing it found running */
    public AutoCloseable infra() {
        Infra infra = guarded(() -> new Infra(layout, env).ensure());
        return infra::stopStarted;
    }

    /** the commands that are missing, installed with apt-get (as root), else a failure saying what to install */
    public void install(String... packages) {
        guarded(() -> {
            Apt.install(layout, packages);
            return null;
        });
    }

    /** every jar, tests skipped (./mvnw -B -q package), its output shown only when it fails */
    public void buildJars() {
        Console.say("building the jars (./mvnw -B -q package -DskipTests)");
        Os.Result build = Os.run(List.of("./mvnw", "-B", "-q", "package", "-DskipTests", "-DskipDeployChecks"),
                Map.of(), null, layout.root());
        if (!build.ok()) {
            System.err.println(build.output());
            throw new IllegalStateException("the build failed (output above)");
        }
    }

    private static <T> T guarded(Supplier<T> step) {
        try {
            return step.get();
        } catch (Console.Failure e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
