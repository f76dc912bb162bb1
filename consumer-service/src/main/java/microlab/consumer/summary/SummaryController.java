package microlab.consumer.summary;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import static microlab.problem.ProblemResponses.SERVICE_UNAVAILABLE;

@Controller("/summary")
class SummaryController {

    private final SummaryService summaries;

    SummaryController(SummaryService summaries) {
        this.summaries = summaries;
    }

    @Get
    @ApiResponse(responseCode = "200", description = "the active users, as users-service lists them now")
    @ApiResponse(responseCode = "503", ref = SERVICE_UNAVAILABLE)
    @ExecuteOn(TaskExecutors.BLOCKING)
    Summary summary() {
        return summaries.summary();
    }
}
