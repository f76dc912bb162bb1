package microlab.forecast.forecasting;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import microlab.forecast.price.Asset;
import microlab.forecast.price.PriceStore;
import microlab.forecast.state.BootCounter;
import microlab.forecast.state.StateDirectory;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.util.Map;
import java.util.stream.Collectors;

import static microlab.problem.ProblemResponses.SERVICE_UNAVAILABLE;

/** What this process remembers: the boot count and every fitted model, with where it came from. */
@Controller("/forecast/status")
@ExecuteOn(TaskExecutors.BLOCKING)
public class StatusController {

    private final BootCounter boots;
    private final StateDirectory state;
    private final TrainedModels trained;
    private final WarmStart warmStart;
    private final PriceStore store;

    public StatusController(BootCounter boots, StateDirectory state, TrainedModels trained, WarmStart warmStart,
                            PriceStore store) {
        this.boots = boots;
        this.state = state;
        this.trained = trained;
        this.warmStart = warmStart;
        this.store = store;
    }

    @Get
    @ApiResponse(responseCode = "200", description = "the boot count and every fitted model")
    @ApiResponse(responseCode = "503", ref = SERVICE_UNAVAILABLE)
    public ServiceStatus status() {
        Map<String, String> current = store.assets().stream()
                .collect(Collectors.toMap(Asset::symbol, Asset::dataVersion));
        var models = trained.all().stream()
                .map(t -> new ServiceStatus.ModelStatus(t.key().symbol(), t.key().model(), t.chosenModel(),
                        t.key().dataVersion(), t.key().dataVersion().equals(current.get(t.key().symbol())),
                        t.trainedAt(), t.fitMillis(), t.fromState() ? "state" : "fitted"))
                .toList();
        return new ServiceStatus(boots.count(), state.root().toString(), state.writable(), warmStart.startedAt(),
                warmStart.loadedFromState() > 0, warmStart.loadedFromState(), models);
    }
}
