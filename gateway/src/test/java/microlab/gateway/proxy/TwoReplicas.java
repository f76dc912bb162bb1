package microlab.gateway.proxy;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Names with two addresses, as compose's DNS gives a scaled service: {@value #NAME} is 127.0.0.2 (where
 * nothing listens, a replica that is down) and then 127.0.0.1 (where the test backends listen);
 * {@value #CLOSING} is 127.0.0.3 and then 127.0.0.1. Only the name table is given; the connections are real.
 */
@Singleton
@Replaces(Replicas.class)
@Requires(property = TwoReplicas.PROPERTY)
class TwoReplicas extends Replicas {

    static final String PROPERTY = "gateway.test.two-replicas";
    static final String NAME = "two-replicas.test";
    /** 127.0.0.3, where a test may put a replica that closes every connection unanswered, then 127.0.0.1. */
    static final String CLOSING = "closing-replica.test";

    @Override
    protected InetAddress[] resolve(String host) throws UnknownHostException {
        if (NAME.equals(host)) {
            return new InetAddress[] {
                InetAddress.getByAddress(NAME, new byte[] {127, 0, 0, 2}),
                InetAddress.getByAddress(NAME, new byte[] {127, 0, 0, 1})};
        }
        if (CLOSING.equals(host)) {
            return new InetAddress[] {
                InetAddress.getByAddress(CLOSING, new byte[] {127, 0, 0, 3}),
                InetAddress.getByAddress(CLOSING, new byte[] {127, 0, 0, 1})};
        }
        return super.resolve(host);
    }
}
