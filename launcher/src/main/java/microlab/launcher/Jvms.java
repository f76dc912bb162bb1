package microlab.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which java the services run on: SERVICE_JAVA when set; otherwise the newest Java 25 or newer among java on PATH,
 * JAVA_HOME and the JDKs installed in JVM_DIRS (default /usr/lib/jvm, /usr/java, /opt/java,
 * ~/.sdkman/candidates/java, /Library/Java/JavaVirtualMachines), so that the AOT cache is used without asking;
 * java on PATH when there is none, said once.
 */
public final class Jvms {

    private static final Pattern VERSION = Pattern.compile("version \"([^\"]+)\"");

    private Jvms() {
    }

    /** A java command and its feature version (17, 21, 25, ...; 0 when it cannot tell). */
    public record Java(String command, int major) {
        public boolean hasAotCache() {
            return major >= 25;
        }

        /**
         * The flags a java gets beside the service's own. From Java 24 on, Netty (under Micronaut) stops using
         * sun.misc.Unsafe unless told otherwise, and then frees its direct buffers through the garbage collector: on
         * Java 25 the same gateway jar spent twice the CPU a request on the 64 KiB upload and the 1 MiB answer
         * (docs/api.md, "Why the upload was at 0.38x"). --sun-misc-unsafe-memory-access=allow (known from Java 23)
         * lets Netty use it again; --enable-native-access=ALL-UNNAMED lets the gateway load Netty's epoll library
         * without Java 24's warning (JEP 472). Java 17 would refuse to start with the first, so it gets nothing.
         */
        public List<String> flags() {
            return major >= 23 ? List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED")
                    : List.of();
        }
    }

    static int major(String java) {
        Os.Result result = Os.run(List.of(java, "-version"));
        Matcher m = VERSION.matcher(result.output());
        if (!m.find()) {
            return 0;
        }
        String[] parts = m.group(1).split("[.\\-+_]");
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** the java the services run on, and on stderr once which one and why */
    static Java serviceJava(Map<String, String> env) {
        String chosen = env.get("SERVICE_JAVA");
        if (chosen != null && !chosen.isEmpty()) {
            Java java = new Java(chosen, major(chosen));
            Console.tell("services run on " + chosen + " (SERVICE_JAVA), Java " + java.major());
            return java;
        }
        Java best = new Java("java", 0);
        Set<Path> seen = new LinkedHashSet<>();
        for (Path candidate : candidates(env)) {
            if (!Files.isExecutable(candidate) || !seen.add(real(candidate))) {
                continue;
            }
            int major = major(candidate.toString());
            if (major > best.major()) {
                best = new Java(candidate.toString(), major);
            }
        }
        if (best.hasAotCache()) {
            Console.tell("services run on " + best.command() + ", Java " + best.major()
                    + ", with an AOT cache per service (SERVICE_JAVA picks another java)");
            return best;
        }
        Java plain = new Java("java", Os.which("java", path(env)).map(java -> major(java.toString())).orElse(0));
        Console.tell("services run on java, Java " + plain.major() + ": plain starts, no AOT cache (that needs a JDK 25 or "
                + "newer, found in " + env.getOrDefault("JVM_DIRS", "/usr/lib/jvm and the usual places")
                + " or given as SERVICE_JAVA)");
        return plain;
    }

    private static List<Path> candidates(Map<String, String> env) {
        List<Path> candidates = new ArrayList<>();
        Os.which("java", path(env)).ifPresent(candidates::add);
        if (env.containsKey("JAVA_HOME")) {
            candidates.add(Path.of(env.get("JAVA_HOME"), "bin", "java"));
        }
        String home = env.getOrDefault("HOME", "");
        String dirs = env.getOrDefault("JVM_DIRS", "/usr/lib/jvm /usr/java /opt/java " + home
                + "/.sdkman/candidates/java /Library/Java/JavaVirtualMachines");
        for (String dir : dirs.trim().split("\\s+")) {
            try (Stream<Path> jdks = Files.list(Path.of(dir))) {
                jdks.sorted().forEach(jdk -> {
                    candidates.add(jdk.resolve("bin/java"));
                    candidates.add(jdk.resolve("Contents/Home/bin/java"));
                });
            } catch (IOException | RuntimeException e) {
                // no such folder here
            }
        }
        return candidates;
    }

    private static String path(Map<String, String> env) {
        return env.getOrDefault("PATH", "/usr/bin:/bin");
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }
}
