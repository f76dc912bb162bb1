package microlab.consumer.summary;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.exceptions.HttpStatusException;
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
    private final AtomicReference<Summary> lastGood = new AtomicReference<>();

    SummaryService(UsersClient users, @Value("${consumer.summary-deadline:2500ms}") Duration deadline) {
        this.users = users;
        this.deadline = deadline;
    }

    Summary summary() {
        try {
            Summary fresh = fetch();
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

    private Summary fetch() {
        Instant started = Instant.now();
        List<UserView> all = new ArrayList<>();
        long total = 0;
        int page = 0;
        int pages;
        do {
            if (Duration.between(started, Instant.now()).compareTo(deadline) > 0) {
                throw new UpstreamTooSlow("reading all pages took longer than " + deadline.toMillis() + " ms");
            }
            UserPageView view = users.page(page, UsersClient.MAX_PAGE_SIZE);
            all.addAll(view.content());
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
