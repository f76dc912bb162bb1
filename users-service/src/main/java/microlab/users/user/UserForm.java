package microlab.users.user;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Locale;

/** What a client sends to create or replace a user; {@code active} defaults to true. */
@Serdeable
public record UserForm(@NotBlank @Size(max = 100) @Pattern(regexp = NO_CONTROL_CHARACTERS, message = PRINTABLE) String name,
                       @NotBlank @Email(regexp = ".+@[^@\\s]+\\.[^@\\s]+") @Size(max = 254)
                       @Pattern(regexp = NO_CONTROL_CHARACTERS, message = PRINTABLE) String email,
                       @Nullable Boolean active) {

    // PostgreSQL text cannot hold a NUL, and no name or address needs a control character.
    static final String NO_CONTROL_CHARACTERS = "[^\\p{Cntrl}]*";
    static final String PRINTABLE = "must not contain control characters";

    /** Emails compare case-insensitively, so they are kept lower-cased. */
    public String normalizedEmail() {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    public boolean activeOrDefault() {
        return active == null || active;
    }
}
