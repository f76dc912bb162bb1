package microlab.users.user;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.Sort;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Supplier;

@Singleton
public class UserService {

    private final UserRepository repository;
    private final UserCache cache;
    private final TransactionOperations<Connection> transactions;

    UserService(UserRepository repository, UserCache cache, TransactionOperations<Connection> transactions) {
        this.repository = repository;
        this.cache = cache;
        this.transactions = transactions;
    }

    public UserPage list(Boolean active, int page, int size) {
        Pageable pageable = Pageable.from(page, size, Sort.of(Sort.Order.asc("id")));
        return UserPage.of(active == null ? repository.findAll(pageable) : repository.findByActive(active, pageable));
    }

    public Optional<User> find(long id) {
        UserCache.Lookup lookup = cache.lookup(id);
        if (lookup.hit().isPresent()) {
            return lookup.hit();
        }
        Optional<User> stored = repository.findById(id);
        stored.ifPresent(user -> cache.fill(user, lookup));
        return stored;
    }

    public User create(UserForm form) {
        String email = form.normalizedEmail();
        return transactions.executeWrite(status -> {
            if (repository.existsByEmail(email)) {
                throw new EmailTakenException(email);
            }
            return saveUnique(() -> repository.save(new User(null, form.name().trim(), email, form.activeOrDefault(), now())), email);
        });
    }

    // The cache entry goes only after the commit: evicted earlier, a concurrent read could put the old
    // row back into the cache before the new one is visible.
    public Optional<User> replace(long id, UserForm form) {
        String email = form.normalizedEmail();
        Optional<User> saved = transactions.executeWrite(status -> repository.findById(id).map(existing -> {
            if (repository.existsByEmailAndIdNotEqual(email, id)) {
                throw new EmailTakenException(email);
            }
            User updated = new User(id, form.name().trim(), email, form.activeOrDefault(), existing.createdAt());
            return saveUnique(() -> repository.update(updated), email);
        }));
        saved.ifPresent(user -> cache.evict(id));
        return saved;
    }

    public boolean delete(long id) {
        boolean deleted = transactions.executeWrite(status -> repository.deleteCounting(id) == 1);
        if (deleted) {
            cache.evict(id);
        }
        return deleted;
    }

    // The existence check above gives a friendly answer; the unique index decides when two writers race.
    private static User saveUnique(Supplier<User> save, String email) {
        try {
            return save.get();
        } catch (DataAccessException e) {
            if (EmailTakenException.causedBy(e)) {
                throw new EmailTakenException(email);
            }
            throw e;
        }
    }

    // PostgreSQL keeps microseconds: the answer to a POST must equal what a later GET returns.
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

}
