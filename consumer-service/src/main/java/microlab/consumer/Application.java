package microlab.consumer;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

import java.security.Security;

@OpenAPIDefinition(info = @Info(title = "consumer-service", version = "0.1.0",
        description = "The active users, computed from users-service."))
public class Application {
    public static void main(String[] args) {
        // Names of other services are looked up again after 5 s (the JDK keeps an answer for 30 s and a
        // failed lookup for 10 s), so a container recreated on a new address is reached within seconds.
        Security.setProperty("networkaddress.cache.ttl", "5");
        Security.setProperty("networkaddress.cache.negative.ttl", "1");
        Micronaut.run(Application.class, args);
    }
}
