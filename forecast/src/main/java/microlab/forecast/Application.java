package microlab.forecast;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

@OpenAPIDefinition(info = @Info(title = "forecast", version = "0.1.0",
        description = "Crypto price history on PostgreSQL, forecasts with intervals, the chart page."))
public class Application {
    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
