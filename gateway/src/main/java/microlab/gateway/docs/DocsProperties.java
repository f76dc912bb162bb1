package microlab.gateway.docs;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

/**
 * One entry of {@code gateway.docs}: the OpenAPI document {@code name} (a service's artifact name), served
 * by the backend {@code service} of the route table at {@code /openapi/<name>.yml}.
 */
@EachProperty("gateway.docs")
public class DocsProperties {

    private final String name;
    private String service;

    public DocsProperties(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public String getService() {
        return service;
    }

    public void setService(String service) {
        this.service = service;
    }
}
