package microlab.users.user;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.validation.Validated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.net.URI;

import static microlab.problem.ProblemResponses.BAD_REQUEST;
import static microlab.problem.ProblemResponses.CONFLICT;
import static microlab.problem.ProblemResponses.NOT_FOUND;
import static microlab.problem.ProblemResponses.SERVICE_UNAVAILABLE;
import static microlab.problem.ProblemResponses.UNSUPPORTED_MEDIA_TYPE;

@Validated
@Controller("/users")
@ExecuteOn(TaskExecutors.BLOCKING)
class UserController {

    static final int MAX_PAGE_SIZE = 100;

    private final UserService users;

    UserController(UserService users) {
        this.users = users;
    }

    @Get
    @ApiResponse(responseCode = "200", description = "one page of users, newest last")
    @ApiResponse(responseCode = "400", ref = BAD_REQUEST)
    @ApiResponse(responseCode = "503", ref = SERVICE_UNAVAILABLE)
    UserPage list(@QueryValue @Nullable @Pattern(regexp = "true|false", message = "must be true or false") String active,
                  @QueryValue(defaultValue = "0") @Min(0) int page,
                  @QueryValue(defaultValue = "20") @Min(1) int size) {
        return users.list(active == null ? null : Boolean.valueOf(active), page, Math.min(size, MAX_PAGE_SIZE));
    }

    @Get("/{id}")
    @ApiResponse(responseCode = "200", description = "the user")
    @ApiResponse(responseCode = "400", ref = BAD_REQUEST)
    @ApiResponse(responseCode = "404", ref = NOT_FOUND)
    @ApiResponse(responseCode = "503", ref = SERVICE_UNAVAILABLE)
    User get(long id) {
        return users.find(id).orElseThrow(() -> notFound(id));
    }

    @Post
    @ApiResponse(responseCode = "201", description = "created; Location names the new user")
    @ApiResponse(responseCode = "400", ref = BAD_REQUEST)
    @ApiResponse(responseCode = "409", ref = CONFLICT)
    @ApiResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "503", ref = SERVICE_UNAVAILABLE)
    HttpResponse<User> create(@Body @Valid UserForm form) {
        User user = users.create(form);
        return HttpResponse.created(user, URI.create("/users/" + user.id()));
    }

    @Put("/{id}")
    @ApiResponse(responseCode = "200", description = "the user as replaced")
    @ApiResponse(responseCode = "400", ref = BAD_REQUEST)
    @ApiResponse(responseCode = "404", ref = NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = CONFLICT)
    @ApiResponse(responseCode = "415", ref = UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "503", ref = SERVICE_UNAVAILABLE)
    User replace(long id, @Body @Valid UserForm form) {
        return users.replace(id, form).orElseThrow(() -> notFound(id));
    }

    @Delete("/{id}")
    @ApiResponse(responseCode = "204", description = "deleted")
    @ApiResponse(responseCode = "400", ref = BAD_REQUEST)
    @ApiResponse(responseCode = "404", ref = NOT_FOUND)
    @ApiResponse(responseCode = "503", ref = SERVICE_UNAVAILABLE)
    HttpResponse<Void> delete(long id) {
        if (!users.delete(id)) {
            throw notFound(id);
        }
        return HttpResponse.noContent();
    }

    private static UserNotFoundException notFound(long id) {
        return new UserNotFoundException(id);
    }
}
