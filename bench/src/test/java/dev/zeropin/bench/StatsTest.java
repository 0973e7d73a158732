package dev.zeropin.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void reportsTheMedianAndTheSpreadNeverTheBestRun() {
        Stats odd = Stats.of(List.of(218.4, 162.0, 201.2));
        Stats even = Stats.of(List.of(4.0, 1.0, 3.0, 2.0));

        assertThat(odd).isEqualTo(new Stats(201.2, 162.0, 218.4, 3));
        assertThat(even.median()).isEqualTo(2.5);
        assertThat(odd.format("accepts/s")).isEqualTo("201 accepts/s (162–218, 3 runs)");
        assertThat(Stats.of(List.of(0.93, 0.758, 1.131)).format("ms", 2)).isEqualTo("0.93 ms (0.76–1.13, 3 runs)");
    }
}
