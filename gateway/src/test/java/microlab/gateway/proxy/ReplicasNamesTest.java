package microlab.gateway.proxy;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Names are looked up off the caller's thread (an event loop), but for a name's very first lookup. */
class ReplicasNamesTest {

    private final long[] now = {10_000};
    private final List<String> lookups = new CopyOnWriteArrayList<>();
    private volatile InetAddress[] answer = {address(127, 0, 0, 1)};

    private final Replicas replicas = new Replicas(() -> now[0]) {
        @Override
        protected InetAddress[] resolve(String host) throws UnknownHostException {
            lookups.add(Thread.currentThread().getName());
            if (host.equals("nowhere")) {
                throw new UnknownHostException(host);
            }
            return answer;
        }
    };

    @Test
    void aNamesAnswerIsServedAtOnceAndRenewedInTheBackgroundOnceItIsOld() throws Exception {
        assertArrayEquals(new InetAddress[] {address(127, 0, 0, 1)}, replicas.addresses("users-service"));
        assertEquals(List.of(Thread.currentThread().getName()), lookups, "the first lookup is the caller's");

        answer = new InetAddress[] {address(127, 0, 0, 2), address(127, 0, 0, 3)};
        now[0] += Replicas.REFRESH_MILLIS - 1;
        assertEquals(1, replicas.addresses("users-service").length, "a young answer is served as it is");
        assertEquals(1, lookups.size());

        now[0] += 1;
        assertEquals(1, replicas.addresses("users-service").length, "an old answer is still served at once");
        for (int i = 0; i < 200 && replicas.addresses("users-service").length == 1; i++) {
            Thread.sleep(10);
        }
        assertArrayEquals(answer, replicas.addresses("users-service"), "then the new one");
        assertEquals(2, lookups.size(), "one lookup renewed it: " + lookups);
        assertEquals("gateway-name-lookups", lookups.get(1), "on the lookup thread, not the caller's");
        assertEquals(address(127, 0, 0, 2), replicas.address("users-service"));
    }

    @Test
    void anAnswerLeftUnusedPastTheJvmsCacheTimeIsLookedUpAgainByTheCaller() throws Exception {
        replicas.addresses("forecast");
        answer = new InetAddress[] {address(127, 0, 0, 9)};
        now[0] += Replicas.MAX_AGE_MILLIS;

        assertArrayEquals(answer, replicas.addresses("forecast"), "a container recreated meanwhile is reached at once");
        assertEquals(List.of(Thread.currentThread().getName(), Thread.currentThread().getName()), lookups);
    }

    @Test
    void aNameThatDoesNotResolveFailsFastUntilItsAnswerIsOld() {
        assertThrows(UnknownHostException.class, () -> replicas.addresses("nowhere"));
        assertThrows(UnknownHostException.class, () -> replicas.addresses("nowhere"));
        assertEquals(1, lookups.size());
        assertTrue(replicas.single(java.net.URI.create("http://nowhere:8081")), "an unknown name is no set of replicas");
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
