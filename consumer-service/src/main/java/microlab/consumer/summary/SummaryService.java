package microlab.consumer.summary;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import microlab.consumer.users.UserPageView;
import microlab.consumer.users.UserView;
import microlab.consumer.users.UsersClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario 4: reads every page of users from users-service and keeps the active ones. When
 * users-service cannot answer, the last good summary is served, marked stale; with none yet, 503.
 */
@Singleton
class SummaryService {

    private static final Logger LOG = LoggerFactory.getLogger(SummaryService.class);

    private final UsersClient users;
    private final Duration deadline;
    private final ExecutorService executor;
    private final AtomicReference<Summary> lastGood = new AtomicReference<>();

    SummaryService(UsersClient users, @Value("${consumer.summary-deadline:2500ms}") Duration deadline,
                   @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
        this.users = users;
        this.deadline = deadline;
        this.executor = executor;
    }

    Summary summary() {
        try {
            Summary fresh = fetchWithinDeadline();
            lastGood.set(fresh);
            return fresh;
        } catch (HttpClientException | UpstreamTooSlow e) {
            String reason = "users-service unavailable: " + describe(e);
            LOG.warn("{}", reason);
            Summary previous = lastGood.get();
            if (previous == null) {
                throw new HttpStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                        reason + ". No earlier summary to fall back on.");
            }
            return previous.markedStale(reason);
        }
    }

    // The deadline covers the whole walk, however many pages and however slow each one: a page's own
    // timeouts (1 s connect, 2 s read) alone would let three slow pages take nine seconds.
    private Summary fetchWithinDeadline() {
        Future<Summary> walk = executor.submit(this::fetch);
        try {
            return walk.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            walk.cancel(true);
            throw new UpstreamTooSlow("reading all pages took longer than " + deadline.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamTooSlow("interrupted while reading users-service");
        }
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
        } while (page < pages);
        List<Summary.ActiveUser> active = all.stream()
                .filter(UserView::active)
                .map(user -> new Summary.ActiveUser(user.id(), user.name(), user.email()))
                .toList();
        return new Summary(total, active.size(), active, Instant.now(), false, null);
    }

    private static String describe(RuntimeException e) {
        if (e instanceof HttpClientResponseException response) {
            return "it answered " + response.getStatus().getCode();
        }
        return e.getMessage();
    }

    static final class UpstreamTooSlow extends RuntimeException {
        UpstreamTooSlow(String message) {
            super(message);
        }
    }
}
