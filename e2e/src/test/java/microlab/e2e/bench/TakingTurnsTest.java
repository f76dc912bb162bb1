package microlab.e2e.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TakingTurnsTest {

    private final TakingTurns bench = new TakingTurns().parse(new String[] {
        "--reference", "off=http://127.0.0.1:1", "--target", "shipped=http://127.0.0.1:2", "--target", "exporting=http://127.0.0.1:3",
        "--case", "GET=GET /users/1"});

    @Test
    void eachRoundTurnsTheOrderByOneSoEachServerTakesEachPlace() {
        assertEquals(List.of("off", "shipped", "exporting"), labels(1));
        assertEquals(List.of("shipped", "exporting", "off"), labels(2));
        assertEquals(List.of("exporting", "off", "shipped"), labels(3));
        assertEquals(List.of("off", "shipped", "exporting"), labels(4));
    }

    private List<String> labels(int round) {
        return bench.turn(round).stream().map(TakingTurns.Server::label).toList();
    }
}
