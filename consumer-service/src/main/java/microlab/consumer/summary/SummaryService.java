package microlab.consumer.summary;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import microlab.consumer.users.UserPageView;
import microlab.consumer.users.UserView;
import microlab.consumer.users.UsersClient;
import microlab.problem.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario 4: reads every page of users from users-service and keeps the active ones.
 * <ul>
 *   <li>A summary is served from memory while it is younger than {@code max-age}: under load,
 *       users-service sees one walk through its pages per max-age, not one per request.</li>
 *   <li>An older one is refreshed on demand. A request joins the walk under way when that walk
 *       started within max-age, and starts one otherwise; it waits for it at most {@code deadline}.</li>
 *   <li>A walk goes on after its requests stopped waiting, up to {@code walk-timeout}, and what it
 *       finds is kept for the requests after them: a summary too big to read within one request's
 *       deadline is still served, a little late. Of two walks, the later-started one's result wins.</li>
 *   <li>When a walk fails or is still running at the deadline, the last good summary is served marked
 *       stale (503 with none yet), and for the next max-age no new walk starts: a dead upstream costs
 *       the requests nothing.</li>
 * </ul>
 * So an answer is at most max-age + deadline older than users-service's data, once the walk fits in the deadline.
 */
@Singleton
class SummaryService {

    private static final Logger LOG = LoggerFactory.getLogger(SummaryService.class);

    private final UsersClient users;
    private final long maxAgeNanos;
    private final Duration deadline;
    private final Duration walkTimeout;
    private final ExecutorService executor;
    private final AtomicReference<Walk> walk = new AtomicReference<>();
    private volatile Summary lastGood;
    private volatile long goodStartedNanos;
    private volatile String lastFailure;
    private volatile long lastAttemptNanos;
    private volatile boolean attempted;

    private record Walk(FutureTask<Summary> task, long startedNanos) {
    }

    SummaryService(UsersClient users, @Value("${consumer.summary-max-age:5s}") Duration maxAge,
                   @Value("${consumer.summary-deadline:2500ms}") Duration deadline,
                   @Value("${consumer.summary-walk-timeout:30s}") Duration walkTimeout,
                   @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
        this.users = users;
        this.maxAgeNanos = maxAge.toNanos();
        this.deadline = deadline;
        this.walkTimeout = walkTimeout;
        this.executor = executor;
    }

    Summary summary() {
        long arrived = System.nanoTime();
        if (!attempted || arrived - lastAttemptNanos > maxAgeNanos) {
            refresh(arrived);
        }
        Summary good = lastGood;
        String failure = lastFailure;
        if (failure == null) {
            return good.aged(Instant.now());
        }
        if (good == null) {
            // no walk is started again for max-age: that is when to come back
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, failure + ". No earlier summary to fall back on.",
                    (int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(maxAgeNanos)));
        }
        return good.markedStale(failure).aged(Instant.now());
    }

    private void refresh(long arrived) {
        Walk current = walk.get();
        if (current == null || current.task.isDone() || arrived - current.startedNanos > maxAgeNanos) {
            Walk mine = new Walk(new FutureTask<>(() -> walkAndRecord(arrived)), arrived);
            if (walk.compareAndSet(current, mine)) {
                executor.execute(mine.task);
                current = mine;
            } else {
                current = walk.get();
            }
        }
        long remaining = deadline.toNanos() - (System.nanoTime() - arrived);
        try {
            current.task.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            record(null, "users-service unavailable: reading all pages took longer than " + deadline.toMillis()
                    + " ms (the walk goes on, and its summary will be served once it ends)", arrived);
        } catch (ExecutionException | CancellationException e) {
            // the walk recorded its failure itself
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "Interrupted while reading users-service.");
        }
    }

    private Summary walkAndRecord(long started) {
        try {
            Summary fresh = fetch(started);
            record(fresh, null, started);
            return fresh;
        } catch (RuntimeException e) {
            record(null, "users-service unavailable: " + describe(e), started);
            throw e;
        }
    }

    private synchronized void record(Summary fresh, String failure, long startedNanos) {
        if (fresh != null) {
            if (startedNanos - goodStartedNanos < 0 && lastGood != null) {
                return;
            }
            lastGood = fresh;
            goodStartedNanos = startedNanos;
        } else if (!failure.equals(lastFailure)) {
            LOG.warn("{}", failure);
        }
        lastFailure = failure;
        lastAttemptNanos = System.nanoTime();
        attempted = true;
    }

    private Summary fetch(long started) {
        List<UserView> all = new ArrayList<>();
        long total = 0;
        int page = 0;
        int pages;
        do {
            if (System.nanoTime() - started > walkTimeout.toNanos()) {
                throw new IllegalStateException("reading all pages took longer than " + walkTimeout.toSeconds() + " s");
            }
            UserPageView view = users.page(page, UsersClient.MAX_PAGE_SIZE);
            if (view.content() != null) {
                all.addAll(view.content());
            }
            total = view.totalElements();
            pages = view.totalPages();
            page++;
        } while (page < pages);
        List<Summary.ActiveUser> active = all.stream()
                .filter(UserView::active)
                .map(user -> new Summary.ActiveUser(user.id(), user.name(), user.email()))
                .toList();
        return new Summary(total, active.size(), active, Instant.now(), 0, false, null);
    }

    private static String describe(Throwable e) {
        if (e instanceof HttpClientResponseException response) {
            return "it answered " + response.getStatus().getCode();
        }
        if (e instanceof HttpClientException) {
            return e.getMessage();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
