package microlab.gateway.route;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

/** One entry of {@code gateway.routes} in application.yml. */
@EachProperty(value = "gateway.routes", list = true)
public class RouteProperties {

    private final int index;
    private String prefix;
    private String service;
    private Duration timeout;

    public RouteProperties(@Parameter Integer index) {
        this.index = index;
    }

    public int getIndex() {
        return index;
    }

    public String getPrefix() {
        return prefix;
    }

    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    public String getService() {
        return service;
    }

    public void setService(String service) {
        this.service = service;
    }

    @Nullable
    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(@Nullable Duration timeout) {
        this.timeout = timeout;
    }
}
