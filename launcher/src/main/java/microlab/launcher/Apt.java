package microlab.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static microlab.launcher.Console.die;
import static microlab.launcher.Console.say;

/** apt-get install (after one {@code apt-get update} per run), or a sentence saying what to install by hand. */
final class Apt {

    private static boolean updated = System.getenv("APT_UPDATED") != null;

    private Apt() {
    }

    static boolean canInstall() {
        return Os.isRoot() && Os.onPath("apt-get");
    }

    /** the packages without their recommended extras */
    static void install(Layout layout, String... packages) {
        install(layout, false, packages);
    }

    /** withRecommends keeps the packages' recommended extras (Chromium wants its fonts) */
    static void install(Layout layout, boolean withRecommends, String... packages) {
        String names = String.join(" ", packages);
        if (!canInstall()) {
            throw die("missing: " + names + ". Install them (on Debian/Ubuntu: sudo apt-get install -y " + names
                    + ") and run " + Console.name() + " again.");
        }
        Path log = Os.mkdirs(layout.logs()).resolve("apt.log");
        Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
        if (!updated) {
            say("refreshing the package lists (apt-get update)");
            if (Os.runLogged(List.of("apt-get", "update"), env, log) != 0) {
                throw die("apt-get update failed (see " + log + "); check the network and the apt sources, then run "
                        + Console.name() + " again.");
            }
            updated = true;
        }
        say("installing " + names + " (apt-get install)");
        List<String> command = new ArrayList<>(List.of("apt-get", "install", "-y"));
        if (!withRecommends) {
            command.add("--no-install-recommends");
        }
        command.addAll(List.of(packages));
        if (Os.runLogged(command, env, log) != 0) {
            throw die("apt-get install " + names + " failed (see " + log + "); fix what it says, then run "
                    + Console.name() + " again.");
        }
    }
}
