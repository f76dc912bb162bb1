package microlab.users.user;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.PageableRepository;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface UserRepository extends PageableRepository<User, Long> {

    Page<User> findByActive(boolean active, Pageable pageable);

    boolean existsByEmail(String email);

    boolean existsByEmailAndIdNotEqual(String email, Long id);

    /** Deletes the user; the count says whether this call did (of two racing deletes, one gets 1). */
    @Query("DELETE FROM users WHERE id = :id")
    int deleteCounting(long id);
}
