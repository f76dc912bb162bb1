package microlab.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The CPU time (user and system) Linux counts for processes, from {@code /proc/<pid>/stat}. */
final class ProcessCpu {

    /** USER_HZ: the unit of those counts; 100 on every Linux this runs on (getconf CLK_TCK). */
    static final int TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** The ticks the processes have used so far; a process that is gone counts nothing. */
    static long ticks(List<Long> pids) {
        long total = 0;
        for (long pid : pids) {
            try {
                total += ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
            } catch (IOException gone) {
                // ended: its time is no longer counted anywhere
            }
        }
        return total;
    }

    /** utime + stime of one stat line; the command name (field 2, in parentheses) may hold spaces. */
    static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // after the name: state is field 3, so utime (14) and stime (15) are at 11 and 12
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The CPU milliseconds one process has used so far; 0 when it is gone. */
    static long millis(long pid) {
        return ticks(List.of(pid)) * 1000 / TICKS_PER_SECOND;
    }

    static double micros(long ticks) {
        return ticks * 1e6 / TICKS_PER_SECOND;
    }
}
