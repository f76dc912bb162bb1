package microlab.gateway;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

import java.security.Security;

@OpenAPIDefinition(info = @Info(title = "gateway", version = "0.1.0",
        description = "The one public entry point: the home page with the route table and the backends' health, "
                + "and these API documents. Every other path is the route table's: see the service's own document."))
public class Application {
    public static void main(String[] args) {
        // Names of other services are looked up again after 5 s (the JDK keeps an answer for 30 s and a
        // failed lookup for 10 s), so a container recreated on a new address is reached within seconds.
        Security.setProperty("networkaddress.cache.ttl", "5");
        Security.setProperty("networkaddress.cache.negative.ttl", "1");
        Micronaut.run(Application.class, args);
    }
}
