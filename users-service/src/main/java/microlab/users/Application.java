package microlab.users;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

@OpenAPIDefinition(info = @Info(title = "users-service", version = "0.1.0",
        description = "Users on PostgreSQL with a Redis cache, and the visits counters."))
public class Application {
    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
