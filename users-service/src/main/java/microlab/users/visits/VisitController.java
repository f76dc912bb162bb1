package microlab.users.visits;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

@Controller("/visits")
@ExecuteOn(TaskExecutors.BLOCKING)
class VisitController {

    private final VisitCounters counters;

    VisitController(VisitCounters counters) {
        this.counters = counters;
    }

    @Get
    Visits visit() {
        return counters.visit();
    }
}
