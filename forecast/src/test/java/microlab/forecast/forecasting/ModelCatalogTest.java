package microlab.forecast.forecasting;

import microlab.forecast.model.ForecastModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ModelCatalogTest {

    private final ModelCatalog catalog = new ModelCatalog();

    @Test
    void aBacktestLeavesTheSlowModelsOutUnlessTheyAreNamed() {
        List<String> all = catalog.all().stream().map(ForecastModel::name).toList();
        List<String> slow = catalog.all().stream().filter(ForecastModel::slowInBacktest).map(ForecastModel::name).toList();

        assertEquals(List.of("lstm", "auto"), slow);
        assertEquals(all.stream().filter(name -> !slow.contains(name)).toList(),
                catalog.forBacktest(null).stream().map(ForecastModel::name).toList());
        assertEquals(List.of("naive", "lstm"), catalog.forBacktest("naive,lstm").stream().map(ForecastModel::name).toList());
    }
}
