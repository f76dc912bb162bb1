package microlab.forecast.forecasting;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.GenericFutureListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import microlab.forecast.numerics.Parallel;
import microlab.problem.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Bounds the fitting work: at most {@code slots} fits run at once (one per core unless configured),
 * a request waits at most {@code queue-wait} for a free slot, and a fit that runs past {@code budget}
 * is interrupted and stops at its next {@link microlab.forecast.numerics.Cancellation} check. Either
 * refusal is a 503 with Retry-After, well before the gateway's 30 s route timeout. A slot is given
 * back only when its fit has really stopped, so stopped fits never pile up behind the bound. A fit
 * whose client closed its connection is interrupted the same way: nobody is left to read it.
 */
@Singleton
public class ComputeBudget {

    private static final Logger LOG = LoggerFactory.getLogger(ComputeBudget.class);
    private static final int RETRY_AFTER_SECONDS = 2;

    private final int slots;
    private final Semaphore free;
    private final Duration budget;
    private final Duration queueWait;
    private final ExecutorService workers;
    private final AtomicLong refused = new AtomicLong();

    public ComputeBudget(@Value("${forecast.compute.slots:0}") int slots,
                         @Value("${forecast.compute.budget:20s}") Duration budget,
                         @Value("${forecast.compute.queue-wait:2s}") Duration queueWait) {
        this.slots = slots > 0 ? slots : Runtime.getRuntime().availableProcessors();
        this.free = new Semaphore(this.slots, true);
        this.budget = budget;
        this.queueWait = queueWait;
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "forecast-fit-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public Duration budget() {
        return budget;
    }

    /** Runs {@code work} in a slot within the budget; its own exceptions come through unchanged. */
    public <T> T run(Supplier<T> work) {
        try {
            if (!free.tryAcquire(queueWait.toMillis(), TimeUnit.MILLISECONDS)) {
                refused.incrementAndGet();
                throw unavailable("All " + slots + " forecasting slots are busy; try again shortly.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("Interrupted while waiting for a forecasting slot.");
        }
        FutureTask<T> task = new FutureTask<>(() -> {
            try {
                return work.get();
            } finally {
                free.release();
            }
        });
        try {
            workers.execute(task);
        } catch (RuntimeException e) {
            free.release();
            throw e;
        }
        Runnable forget = whenClientLeaves(() -> {
            if (task.cancel(true)) {
                LOG.info("The client closed its connection; its fit was stopped");
            }
        });
        try {
            return task.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            refused.incrementAndGet();
            LOG.warn("A fit ran past its {} ms budget and was stopped", budget.toMillis());
            throw unavailable("The forecast did not finish within its " + budget.toSeconds()
                    + " s budget and was stopped; a shorter series, a shorter horizon or another model finishes sooner.");
        } catch (ExecutionException e) {
            throw Parallel.cause(e);
        } catch (CancellationException | InterruptedException e) {
            task.cancel(true);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw unavailable("The forecast was stopped.");
        } finally {
            forget.run();
        }
    }

    /** The number of fits holding a slot now. */
    int running() {
        return slots - free.availablePermits();
    }

    int slots() {
        return slots;
    }

    /** The fits refused so far: no slot free within the queue wait, or stopped at the end of their budget. */
    long refused() {
        return refused.get();
    }

    /**
     * Calls {@code stop} when the connection of the request being served closes; the returned action
     * removes that listener again (a keep-alive connection serves many requests).
     */
    private static Runnable whenClientLeaves(Runnable stop) {
        Optional<HttpRequest<Object>> current = ServerRequestContext.currentRequest();
        if (current.isEmpty() || !(current.get() instanceof NettyHttpRequest<?> netty)) {
            return () -> { };
        }
        ChannelFuture closed = netty.getChannelHandlerContext().channel().closeFuture();
        GenericFutureListener<ChannelFuture> listener = future -> stop.run();
        closed.addListener(listener);
        return () -> closed.removeListener(listener);
    }

    private static ProblemException unavailable(String detail) {
        return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, detail, RETRY_AFTER_SECONDS);
    }

    @PreDestroy
    void close() {
        workers.shutdownNow();
    }
}
