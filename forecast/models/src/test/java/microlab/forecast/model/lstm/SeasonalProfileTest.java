package microlab.forecast.model.lstm;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class SeasonalProfileTest {

    @Test
    void recoversAPlantedSeasonUnderATrendAndNoise() {
        Random random = new Random(11);
        double[] planted = {3, -1, 0.5, -2.5, 1, -1, 0};
        double[] z = new double[7 * 40];
        for (int t = 0; t < z.length; t++) {
            z[t] = 50 + 0.2 * t + planted[t % 7] + 0.3 * random.nextGaussian();
        }

        SeasonalProfile profile = SeasonalProfile.estimate(z, 7);

        assertEquals(7, profile.period());
        for (int i = 0; i < 7; i++) {
            assertEquals(planted[i], profile.at(i), 0.15, "position " + i);
            assertEquals(profile.at(i), profile.at(i + 7L * 1000), 0.0);
        }
    }

    @Test
    void findsNoSeasonInARandomWalk() {
        Random random = new Random(12);
        double[] z = new double[24 * 30];
        for (int t = 1; t < z.length; t++) {
            z[t] = z[t - 1] + random.nextGaussian();
        }

        assertSame(SeasonalProfile.NONE, SeasonalProfile.estimate(z, 24));
    }

    @Test
    void needsThreeSeasonsAndAPeriodAboveOne() {
        double[] z = new double[47];
        for (int t = 0; t < z.length; t++) {
            z[t] = t % 24 == 0 ? 10 : 0;
        }

        assertSame(SeasonalProfile.NONE, SeasonalProfile.estimate(z, 24));
        assertSame(SeasonalProfile.NONE, SeasonalProfile.estimate(new double[100], 1));
    }
}
