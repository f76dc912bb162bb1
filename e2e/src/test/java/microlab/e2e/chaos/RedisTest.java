package microlab.e2e.chaos;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RedisTest {

    static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sendsACommandAsAnArrayOfBulkStringsCountingBytes() {
        assertEquals("*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$4\r\nbind\r\n",
                new String(Redis.encode("CONFIG", "GET", "bind"), StandardCharsets.UTF_8));
        assertEquals("*1\r\n$2\r\né\r\n", new String(Redis.encode("é"), StandardCharsets.UTF_8));
    }

    @Test
    void readsAnArrayReplyAsItsBulkStrings() throws IOException {
        assertEquals(List.of("bind", "127.0.0.1 -::1"), Redis.reply(stream("*2\r\n$4\r\nbind\r\n$14\r\n127.0.0.1 -::1\r\n")));
        assertEquals(List.of("logfile", ""), Redis.reply(stream("*2\r\n$7\r\nlogfile\r\n$0\r\n\r\n")));
        assertEquals(List.of("a", ""), Redis.reply(stream("*2\r\n$1\r\na\r\n$-1\r\n")));
        assertEquals(List.of(), Redis.reply(stream("*0\r\n")));
    }

    @Test
    void readsAnyOtherReplyAsItsLine() throws IOException {
        assertEquals(List.of("+OK"), Redis.reply(stream("+OK\r\n")));
        assertEquals(List.of("-ERR unknown command"), Redis.reply(stream("-ERR unknown command\r\n")));
    }

    @Test
    void aConnectionClosedMidReplyIsAnIOException() {
        assertThrows(IOException.class, () -> Redis.reply(stream("*2\r\n$4\r\nbind")));
        assertThrows(IOException.class, () -> Redis.reply(stream("")));
    }

    @Test
    void startsTheServerAgainWithTheFirstOnesConfiguration() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("bind", "127.0.0.1 -::1");
        config.put("port", "6379");
        config.put("dir", "/var/lib/microlab/redis");
        config.put("save", "");
        config.put("logfile", "");
        config.put("pidfile", "redis.pid");
        assertEquals(List.of("/usr/bin/redis-server", "--bind", "127.0.0.1", "-::1", "--port", "6379",
                        "--dir", "/var/lib/microlab/redis", "--save", "", "--pidfile", "redis.pid", "--daemonize", "no"),
                Redis.serverCommand("/usr/bin/redis-server", config));
    }
}
