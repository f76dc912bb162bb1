package microlab.gateway.connection;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import jakarta.inject.Singleton;
import microlab.gateway.proxy.DirectProxy;

/**
 * What the gateway adds around Micronaut's HTTP/1 codec on every connection it accepts, in this order:
 * the {@link ConnectionGuard} on both sides of the codec, then the direct proxy's handler behind it
 * (when the direct path is on), so the guard sees every request first.
 */
@Singleton
class ConnectionPipeline implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    private final ClientTimeouts timeouts;
    private final DirectProxy proxy;

    ConnectionPipeline(ClientTimeouts timeouts, DirectProxy proxy) {
        this.timeouts = timeouts;
        this.proxy = proxy;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Customizer(null, timeouts, proxy.enabled() ? proxy : null));
        return event.getBean();
    }

    private record Customizer(Channel channel, ClientTimeouts timeouts, DirectProxy proxy) implements NettyServerCustomizer {

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new Customizer(channel, timeouts, proxy) : this;
        }

        @Override
        public void onStreamPipelineBuilt() {
            ChannelPipeline pipeline = channel == null ? null : channel.pipeline();
            if (pipeline == null || pipeline.get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) == null) {
                return;
            }
            ConnectionGuard guard = new ConnectionGuard(timeouts);
            pipeline.addBefore(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, "connection-guard-bytes", guard.bytes());
            pipeline.addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, "connection-guard", guard);
            if (proxy != null) {
                pipeline.addAfter("connection-guard", "direct-proxy", proxy.newHandler());
            }
        }
    }
}
