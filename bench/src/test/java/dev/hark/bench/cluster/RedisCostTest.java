package dev.hark.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisCostTest {

    private static RedisInfo info(double cpuSys, double cpuUser, String commandstats) {
        return RedisInfo.parse("used_cpu_sys:" + cpuSys + "\nused_cpu_user:" + cpuUser + "\nused_memory:0\n"
                + commandstats);
    }

    @Test
    void callsAndCpu_arePerSessionSecond_overTheWindow() {
        RedisInfo start = info(10.0, 5.0, "");
        RedisInfo end = info(11.0, 5.4, "cmdstat_fcall:calls=40000,usec=1\ncmdstat_xread:calls=20000,usec=1\n");

        RedisCost cost = RedisCost.over(start, end, 200, 10.0, Map.of(), 200);

        assertThat(cost.totalCalls()).isEqualTo(60_000);
        assertThat(cost.commandsPerSessionSecond()).isEqualTo(30.0);
        assertThat(cost.callsPerSessionSecond("fcall")).isEqualTo(20.0);
        assertThat(cost.cpuMillisPerSessionSecond()).isCloseTo(0.7, within(1e-9)); // 1.4 s over 2000 session-seconds
        assertThat(cost.sessionsPerCore()).isCloseTo(1000 / 0.7, within(1e-6));
    }

    @Test
    void keyMemory_isPerStoreSessionThatHadKeys_inAllAndByKind() {
        RedisCost cost = RedisCost.over(info(0, 0, ""), info(0, 0, ""), 100, 30.0,
                Map.of("hash", 90 * 512L, "audio", 90 * 512L, "outbox", 90 * 1024L), 90);

        assertThat(cost.keyKibPerSession()).isEqualTo(2.0);
        assertThat(cost.keyKibPerSession("outbox")).isEqualTo(1.0);
        assertThat(cost.keyKibPerSession("lease")).isZero();
    }

    @Test
    void noCpuSpent_meansNoFiniteCeiling() {
        RedisCost cost = new RedisCost(10, 1.0, Map.of(), 0, Map.of(), 0);

        assertThat(cost.sessionsPerCore()).isInfinite();
        assertThat(cost.keyKibPerSession()).isZero();
    }
}
