package microlab.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The bare JVM path's commands, each behind a script of bin/: {@code up} (bin/up), {@code down} (bin/down),
 * {@code test-setup} and {@code infra-stop} (bin/test, around its Maven build). Run from the repository root;
 * {@code LAUNCHER_NAME} is the name it speaks under. Exits 1 with one sentence saying what to do when something
 * is wrong.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        if (args.length == 0) {
            System.err.println("usage: up|down|test-setup|infra-stop [ARG...]");
            System.exit(2);
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        Console.name(env.getOrDefault("LAUNCHER_NAME", "bin/" + args[0]));
        int status;
        try {
            Layout layout = Layout.here();
            status = switch (args[0]) {
                case "up" -> new Up(layout, env).run(rest);
                case "down" -> new Down(layout, env).run(rest);
                case "test-setup" -> testSetup(layout, env, rest);
                case "infra-stop" -> infraStop(layout, rest);
                default -> throw Console.die("unknown command " + args[0]);
            };
        } catch (Console.Failure e) {
            System.err.println(Console.name() + ": error: " + e.getMessage());
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }

    /**
     * bin/test before its build: PostgreSQL and Redis (what it starts recorded as OWNER's, for infra-stop), then
     * the browser and the deploy tools; prints the Maven arguments that follow, one a line.
     */
    static int testSetup(Layout layout, Map<String, String> env, List<String> args) {
        if (args.contains("--help")) {
            System.out.print(TestTools.USAGE);
            return 0;
        }
        Console.stdoutIsValue();
        Infra infra = new Infra(layout, env).ensure();
        record(layout, owner(args), infra);
        List<String> maven = TestTools.ensure(layout, env);
        maven.forEach(System.out::println);
        return 0;
    }

    /** stops the private servers OWNER's run started (infra-stop OWNER) */
    static int infraStop(Layout layout, List<String> args) {
        Path file = layout.pids().resolve(owner(args) + ".started");
        List<String> started = Os.read(file).map(s -> s.lines().toList()).orElse(List.of());
        if (started.contains("redis")) {
            Redis.stopPrivate(layout);
        }
        if (started.contains("postgres")) {
            Postgres.stopPrivate(layout);
        }
        Os.delete(file);
        return 0;
    }

    private static void record(Layout layout, String owner, Infra infra) {
        List<String> started = new ArrayList<>();
        if (infra.startedPostgres()) {
            started.add("postgres");
        }
        if (infra.startedRedis()) {
            started.add("redis");
        }
        Os.write(layout.pids().resolve(owner + ".started"), String.join("\n", started) + "\n");
    }

    private static String owner(List<String> args) {
        if (args.size() != 1 || !args.get(0).matches("[a-z-]+")) {
            throw Console.die("expects one owner name (such as test), got " + args);
        }
        return args.get(0);
    }
}
