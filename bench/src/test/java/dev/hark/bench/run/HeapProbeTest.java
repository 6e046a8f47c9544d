package dev.hark.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HeapProbeTest {

    private static final String BEFORE = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          1000          64000  [B (java.base@25.0.3)
               2:           500          12000  java.lang.String (java.base@25.0.3)
            Total          1500          76000
            """;

    private static final String AFTER = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          2000         164000  [B (java.base@25.0.3)
               2:           600          14400  java.lang.String (java.base@25.0.3)
               3:           100           4800  dev.hark.Some
            Total          2700         183200
            """;

    @Test
    void readsTheTotalAndTheBytesOfEachClass() {
        HeapProbe.Snapshot snapshot = HeapProbe.parse(AFTER);

        assertThat(snapshot.totalBytes()).isEqualTo(183_200);
        assertThat(snapshot.bytesByClass()).containsEntry("[B", 164_000L).containsEntry("dev.hark.Some", 4_800L);
    }

    @Test
    void ranksTheClassesThatGrewMost() {
        assertThat(HeapProbe.parse(AFTER).largestGrowthSince(HeapProbe.parse(BEFORE), 2))
                .containsExactly(Map.entry("[B", 100_000L), Map.entry("dev.hark.Some", 4_800L));
    }

    @Test
    void refusesOutputWithoutATotal() {
        assertThatThrownBy(() -> HeapProbe.parse("jcmd: no such process")).isInstanceOf(IllegalArgumentException.class);
    }
}
