package microlab.gateway.connection;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.netty.channel.epoll.Epoll;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says once, at start, which Netty transport the gateway's connections run on: epoll where its native library
 * loads (Linux x86-64, with a /tmp it may load code from or the library on java.library.path), else NIO and why.
 * The gateway works on either; epoll spends less CPU a request (docs/api.md, the gateway beside nginx).
 */
@Singleton
final class TransportLog implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(TransportLog.class);

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        if (Epoll.isAvailable()) {
            LOG.info("Netty transport: epoll");
        } else {
            LOG.info("Netty transport: NIO (epoll unavailable: {})", Epoll.unavailabilityCause().toString());
        }
    }
}
