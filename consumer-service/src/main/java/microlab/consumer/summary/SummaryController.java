package microlab.consumer.summary;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

@Controller("/summary")
class SummaryController {

    private final SummaryService summaries;

    SummaryController(SummaryService summaries) {
        this.summaries = summaries;
    }

    @Get
    @ExecuteOn(TaskExecutors.BLOCKING)
    Summary summary() {
        return summaries.summary();
    }
}
