package microlab.forecast.forecasting;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Singleton;

/**
 * The compute budget at {@code /prometheus}: {@code forecast_compute_slots} (how many fits may run at once),
 * {@code forecast_compute_slots_busy} (how many run now) and {@code forecast_compute_refused_total} (the 503s of
 * a full queue or a spent budget).
 */
@Singleton
public class ComputeMetrics implements MeterBinder {

    private final ComputeBudget budget;

    public ComputeMetrics(ComputeBudget budget) {
        this.budget = budget;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("forecast.compute.slots", budget, ComputeBudget::slots)
                .description("fits that may run at once").register(registry);
        Gauge.builder("forecast.compute.slots.busy", budget, ComputeBudget::running)
                .description("fits running now").register(registry);
        FunctionCounter.builder("forecast.compute.refused", budget, ComputeBudget::refused)
                .description("fits refused: no slot free within the queue wait, or stopped at the end of their budget")
                .register(registry);
    }
}
