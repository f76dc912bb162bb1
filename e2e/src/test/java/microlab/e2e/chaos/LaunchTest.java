package microlab.e2e.chaos;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LaunchTest {

    @Test
    void splitsNulTerminatedStrings() {
        byte[] cmdline = "java\0-Xmx64m\0-jar\0.run/jars/gateway-0.1.0.jar\0".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("java", "-Xmx64m", "-jar", ".run/jars/gateway-0.1.0.jar"), Launch.split(cmdline));
        assertEquals(List.of("A=1", "", "NAME=é"), Launch.split("A=1\0\0NAME=é\0".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("done"), Launch.split("done\0trailing".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), Launch.split(new byte[0]));
    }

    static final String HEADER =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";

    @Test
    void findsTheSocketListeningOnAPortInProcNetTcp() {
        // 0x1538 = 5432, 0x18EB = 6379; state 0A is LISTEN, 01 ESTABLISHED
        String listening = "   0: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   104        0 31337 1 0000000000000000 100 0 0 10 0";
        String connected = "   1: 0100007F:1538 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000   104        0 31338 1 0000000000000000 20 4 30 10 -1";
        String redis = "   2: 0100007F:18EB 00000000:0000 0A 00000000:00000000 00:00000000 00000000   110        0 4242 1 0000000000000000 100 0 0 10 0";
        assertEquals("socket:[31337]", Launch.listeningSocket(listening, 5432));
        assertNull(Launch.listeningSocket(connected, 5432));
        assertNull(Launch.listeningSocket(listening, 6379));
        assertEquals("socket:[4242]", Launch.listeningSocket(redis, 6379));
        assertNull(Launch.listeningSocket(HEADER, 5432));
        assertNull(Launch.listeningSocket("", 5432));
    }

    @Test
    void readsTcp6Lines() {
        String tcp6 = "   0: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A "
                + "00000000:00000000 00:00000000 00000000  1000        0 777 1 0000000000000000 100 0 0 10 0";
        assertEquals("socket:[777]", Launch.listeningSocket(tcp6, 8080));
    }
}
