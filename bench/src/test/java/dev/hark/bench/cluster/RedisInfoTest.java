package dev.hark.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisInfoTest {

    private static final String INFO = String.join("\r\n",
            "# Memory",
            "used_memory:1048576",
            "used_memory_human:1.00M",
            "",
            "# CPU",
            "used_cpu_sys:1.250000",
            "used_cpu_user:0.750000",
            "",
            "# Commandstats",
            "cmdstat_fcall:calls=200,usec=25000,usec_per_call=125.00,rejected_calls=0,failed_calls=0",
            "cmdstat_xread:calls=180,usec=6840,usec_per_call=38.00,rejected_calls=0,failed_calls=0",
            "cmdstat_client|id:calls=2,usec=1,usec_per_call=0.50,rejected_calls=0,failed_calls=0",
            "");

    @Test
    void readsCpuAsSystemPlusUser() {
        RedisInfo info = RedisInfo.parse(INFO);

        assertThat(info.cpuSeconds()).isEqualTo(2.0);
    }

    @Test
    void readsCallsPerCommand_subcommandsIncluded() {
        RedisInfo info = RedisInfo.parse(INFO);

        assertThat(info.calls("fcall")).isEqualTo(200);
        assertThat(info.calls("xread")).isEqualTo(180);
        assertThat(info.calls("client|id")).isEqualTo(2);
        assertThat(info.calls("xadd")).isZero();
        assertThat(info.totalCalls()).isEqualTo(382);
    }

    @Test
    void aMissingField_isAClearError_notZero() {
        RedisInfo info = RedisInfo.parse("# CPU\nused_cpu_sys:1.0\n");

        assertThatThrownBy(info::cpuSeconds).hasMessageContaining("used_cpu_user");
    }
}
