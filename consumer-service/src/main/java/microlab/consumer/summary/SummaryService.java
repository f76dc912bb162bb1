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
 *   <li>An older one is refreshed on demand, one walk at a time: every request that arrives meanwhile
 *       waits for that same walk. A walk has {@code deadline} to finish and is cancelled after it.</li>
 *   <li>When a walk fails or runs late, the last good summary is served marked stale (503 with none
 *       yet), and for the next max-age nobody asks users-service again: a dead upstream costs nothing.</li>
 * </ul>
 * So an answer is at most max-age + deadline older than users-service's data.
 */
@Singleton
class SummaryService {

    private static final Logger LOG = LoggerFactory.getLogger(SummaryService.class);

    private final UsersClient users;
    private final long maxAgeNanos;
    private final Duration deadline;
    private final ExecutorService executor;
    private final AtomicReference<FutureTask<Summary>> walk = new AtomicReference<>();
    private volatile Summary lastGood;
    private volatile String lastFailure;
    private volatile long lastAttemptNanos;
    private volatile boolean attempted;

    SummaryService(UsersClient users, @Value("${consumer.summary-max-age:5s}") Duration maxAge,
                   @Value("${consumer.summary-deadline:2500ms}") Duration deadline,
                   @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
        this.users = users;
        this.maxAgeNanos = maxAge.toNanos();
        this.deadline = deadline;
        this.executor = executor;
    }

    Summary summary() {
        if (!attempted || System.nanoTime() - lastAttemptNanos > maxAgeNanos) {
            refresh();
        }
        Summary good = lastGood;
        String failure = lastFailure;
        if (failure == null) {
            return good.aged(Instant.now());
        }
        if (good == null) {
            // no walk is tried again for max-age: that is when to come back
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, failure + ". No earlier summary to fall back on.",
                    (int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(maxAgeNanos)));
        }
        return good.markedStale(failure).aged(Instant.now());
    }

    // Joins the walk under way, or starts one; waits for it no longer than the walk's own deadline.
    private void refresh() {
        FutureTask<Summary> current;
        while (true) {
            current = walk.get();
            if (current != null && !current.isDone()) {
                break;
            }
            FutureTask<Summary> mine = new FutureTask<>(this::fetch);
            if (walk.compareAndSet(current, mine)) {
                executor.execute(mine);
                current = mine;
                // the one who started the walk waits the full deadline and cancels it after
                await(mine, true);
                return;
            }
        }
        await(current, false);
    }

    private void await(FutureTask<Summary> task, boolean owner) {
        try {
            Summary fresh = owner ? task.get(deadline.toMillis(), TimeUnit.MILLISECONDS) : task.get();
            record(fresh, null);
        } catch (TimeoutException e) {
            task.cancel(true);
            record(null, "users-service unavailable: reading all pages took longer than " + deadline.toMillis() + " ms");
        } catch (CancellationException e) {
            record(null, "users-service unavailable: reading all pages took longer than " + deadline.toMillis() + " ms");
        } catch (ExecutionException e) {
            record(null, "users-service unavailable: " + describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "Interrupted while reading users-service.");
        }
    }

    private synchronized void record(Summary fresh, String failure) {
        if (fresh != null) {
            lastGood = fresh;
        } else if (!failure.equals(lastFailure)) {
            LOG.warn("{}", failure);
        }
        lastFailure = failure;
        lastAttemptNanos = System.nanoTime();
        attempted = true;
    }

    private Summary fetch() {
        List<UserView> all = new ArrayList<>();
        long total = 0;
        int page = 0;
        int pages;
        do {
            UserPageView view = users.page(page, UsersClient.MAX_PAGE_SIZE);
            if (view.content() != null) {
                all.addAll(view.content());
            }
            total = view.totalElements();
            pages = view.totalPages();
            page++;
        } while (page < pages && !Thread.currentThread().isInterrupted());
        if (page < pages) {
            throw new CancellationException("cancelled after " + page + " of " + pages + " pages");
        }
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
        return e.toString();
    }
}
