package microlab.users.visits;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

@Controller("/visits")
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
