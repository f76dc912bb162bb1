package microlab.users.visits;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import static microlab.problem.ProblemResponses.SERVICE_UNAVAILABLE;

@Controller("/visits")
@ExecuteOn(TaskExecutors.BLOCKING)
class VisitController {

    private final VisitCounters counters;

    VisitController(VisitCounters counters) {
        this.counters = counters;
    }

    @Get
    @ApiResponse(responseCode = "200", description = "both counters after this visit")
    @ApiResponse(responseCode = "503", ref = SERVICE_UNAVAILABLE)
    Visits visit() {
        return counters.visit();
    }
}
