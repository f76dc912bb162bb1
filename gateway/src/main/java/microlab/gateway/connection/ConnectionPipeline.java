package microlab.gateway.connection;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import jakarta.inject.Singleton;
import microlab.gateway.problem.NettyProblems;
import microlab.gateway.proxy.DirectProxy;

/**
 * What the gateway does to Micronaut's HTTP/1 pipeline on every connection it accepts: the codec is made
 * again with Micronaut's own limits but with {@link FramingHeaders}, so the framing fields are judged as sent;
 * the {@link ConnectionGuard} goes on both sides of it, then the direct proxy's handler behind it (when the
 * direct path is on), so the guard sees every request first.
 */
@Singleton
class ConnectionPipeline implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    private final ClientTimeouts timeouts;
    private final DirectProxy proxy;
    private final HttpDecoderConfig decoding;
    private final long maxRequestSize;
    private final NettyProblems problems;

    ConnectionPipeline(ClientTimeouts timeouts, DirectProxy proxy, NettyProblems problems, NettyHttpServerConfiguration server) {
        this.problems = problems;
        this.timeouts = timeouts;
        this.proxy = proxy;
        this.maxRequestSize = server.getMaxRequestSize();
        // the settings Micronaut makes its codec with (HttpPipelineBuilder), and the headers that keep the framing
        this.decoding = new HttpDecoderConfig()
                .setMaxInitialLineLength(server.getMaxInitialLineLength())
                .setMaxHeaderSize(server.getMaxHeaderSize())
                .setMaxChunkSize(server.getMaxChunkSize())
                .setInitialBufferSize(server.getInitialBufferSize())
                .setValidateHeaders(server.isValidateHeaders())
                .setHeadersFactory(FramingHeaders.factory(server.isValidateHeaders()));
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Customizer(null, timeouts, proxy.enabled() ? proxy : null, decoding, maxRequestSize, problems));
        return event.getBean();
    }

    private record Customizer(Channel channel, ClientTimeouts timeouts, DirectProxy proxy, HttpDecoderConfig decoding,
                              long maxRequestSize, NettyProblems problems)
            implements NettyServerCustomizer {

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new Customizer(channel, timeouts, proxy, decoding, maxRequestSize, problems) : this;
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel == null) {
                return;
            }
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) == null) {
                // a Micronaut that builds its pipeline otherwise: serving on without the guard and the direct path
                // would pass ambiguous framing on unseen, so no request is served at all (every test fails)
                throw new IllegalStateException("Micronaut's HTTP/1 pipeline has no handler named '"
                        + ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC + "' (it has " + pipeline.names()
                        + "): the gateway's connection guard and direct path cannot be put in place");
            }
            pipeline.replace(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC,
                    new HttpServerCodec(decoding));
            ConnectionGuard guard = new ConnectionGuard(timeouts, maxRequestSize, problems);
            pipeline.addBefore(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, "connection-guard-bytes", guard.bytes());
            pipeline.addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, "connection-guard", guard);
            if (proxy != null) {
                pipeline.addAfter("connection-guard", "direct-proxy", proxy.newHandler());
            }
        }
    }
}
