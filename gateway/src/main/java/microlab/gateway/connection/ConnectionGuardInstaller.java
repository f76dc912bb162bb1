package microlab.gateway.connection;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import jakarta.inject.Singleton;

/** Puts a {@link ConnectionGuard} around the HTTP/1 codec of every connection the gateway accepts. */
@Singleton
class ConnectionGuardInstaller implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    private final ClientTimeouts timeouts;

    ConnectionGuardInstaller(ClientTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Customizer(null, timeouts));
        return event.getBean();
    }

    private record Customizer(Channel channel, ClientTimeouts timeouts) implements NettyServerCustomizer {

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new Customizer(channel, timeouts) : this;
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
        }
    }
}
