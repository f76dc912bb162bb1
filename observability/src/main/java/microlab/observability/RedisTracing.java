package microlab.observability;

import io.lettuce.core.protocol.CompleteableCommand;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.tracing.TraceContext;
import io.lettuce.core.tracing.TraceContextProvider;
import io.lettuce.core.tracing.Tracer;
import io.lettuce.core.tracing.TracerProvider;
import io.lettuce.core.tracing.Tracing;
import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import io.micronaut.configuration.lettuce.ClientResourcesMutator;
import io.micronaut.context.annotation.Requires;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import jakarta.inject.Singleton;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * One CLIENT span per Redis command, from issue to reply, through Lettuce's own tracing hook (OpenTelemetry's Lettuce
 * instrumentation is not a library this build can take). A span is the child of the span current where the
 * command was issued and is named by the command (GET, INCR, EVALSHA); a command issued outside any trace
 * (a reconnect's PING, a background refresh) makes none. Arguments are never recorded: they hold keys and
 * values.
 */
@Singleton
@Requires(classes = ClientResourcesMutator.class)
@Requires(beans = OpenTelemetry.class)
public class RedisTracing implements ClientResourcesMutator, Tracing, TracerProvider, TraceContextProvider {

    static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
    static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation.name");
    static final AttributeKey<String> PEER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> PEER_PORT = AttributeKey.longKey("server.port");

    private final io.opentelemetry.api.trace.Tracer tracer;

    public RedisTracing(OpenTelemetry telemetry) {
        this.tracer = telemetry.getTracer("microlab.redis");
    }

    @Override
    public void mutate(ClientResources.Builder builder, AbstractRedisConfiguration configuration) {
        builder.tracing(this);
    }

    @Override
    public TracerProvider getTracerProvider() {
        return this;
    }

    @Override
    public TraceContextProvider initialTraceContextProvider() {
        return this;
    }

    /** The caller's context, taken when the command is issued (the span starts later, on Lettuce's thread). */
    @Override
    public TraceContext getTraceContext() {
        return new Parent(Context.current());
    }

    @Override
    public boolean isEnabled() {
        return true;
    }

    @Override
    public boolean includeCommandArgsInSpanTags() {
        return false;
    }

    @Override
    public Endpoint createEndpoint(SocketAddress address) {
        return new Server(address);
    }

    @Override
    public Tracer getTracer() {
        return new Tracer() {
            @Override
            public Tracer.Span nextSpan() {
                return nextSpan(new Parent(Context.current()));
            }

            @Override
            public Tracer.Span nextSpan(TraceContext context) {
                Context parent = context instanceof Parent given ? given.context() : Context.current();
                return new CommandSpan(parent);
            }
        };
    }

    record Parent(Context context) implements TraceContext {
    }

    record Server(SocketAddress address) implements Endpoint {
    }

    /** Lettuce names the span and its endpoint before it starts it; nothing is made when there is no trace. */
    private final class CommandSpan extends Tracer.Span {

        private final Context parent;
        private String name;
        private Server server;
        private io.opentelemetry.api.trace.Span span = io.opentelemetry.api.trace.Span.getInvalid();

        CommandSpan(Context parent) {
            this.parent = parent;
        }

        @Override
        public Tracer.Span start(RedisCommand<?, ?, ?> command) {
            if (!io.opentelemetry.api.trace.Span.fromContext(parent).getSpanContext().isValid()) {
                return this;
            }
            String operation = command.getType().toString();
            var builder = tracer.spanBuilder(name != null ? name : operation)
                    .setParent(parent)
                    .setSpanKind(SpanKind.CLIENT)
                    .setAttribute(DB_SYSTEM, "redis")
                    .setAttribute(DB_OPERATION, operation);
            if (server != null && server.address() instanceof InetSocketAddress inet) {
                builder.setAttribute(PEER_ADDRESS, inet.getHostString()).setAttribute(PEER_PORT, (long) inet.getPort());
            }
            span = builder.startSpan();
            if (command instanceof CompleteableCommand<?> completeable) {
                completeable.onComplete((result, failure) -> {
                    String error = command.getOutput() == null ? null : command.getOutput().getError();
                    if (failure != null) {
                        error(failure);
                    } else if (error != null) {
                        span.setStatus(StatusCode.ERROR, error);
                    }
                    finish();
                });
            }
            return this;
        }

        @Override
        public Tracer.Span name(String name) {
            this.name = name;
            span.updateName(name);
            return this;
        }

        @Override
        public Tracer.Span annotate(String value) {
            span.addEvent(value);
            return this;
        }

        /** Lettuce's own tags (its URI, database, user name) are left out: the attributes above say enough. */
        @Override
        public Tracer.Span tag(String key, String value) {
            return this;
        }

        @Override
        public Tracer.Span error(Throwable throwable) {
            span.recordException(throwable);
            span.setStatus(StatusCode.ERROR, throwable.getMessage() == null ? "" : throwable.getMessage());
            return this;
        }

        @Override
        public Tracer.Span remoteEndpoint(Endpoint endpoint) {
            if (endpoint instanceof Server given) {
                this.server = given;
            }
            return this;
        }

        /** Lettuce never calls it: the span ends when its command completes (see start). */
        @Override
        public void finish() {
            span.end();
        }
    }
}
