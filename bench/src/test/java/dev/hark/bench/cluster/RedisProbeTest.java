package dev.hark.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RedisProbeTest {

    @Test
    void aSessionsKeys_allNameItInBraces() {
        assertThat(RedisProbe.sessionOf("hark:s:{abc-1}")).contains("abc-1");
        assertThat(RedisProbe.sessionOf("hark:s:{abc-1}:audio")).contains("abc-1");
        assertThat(RedisProbe.sessionOf("hark:s:{abc-1}:tx")).contains("abc-1");
        assertThat(RedisProbe.sessionOf("hark:assign")).isEmpty();
    }

    @Test
    void keysAreTheHash_theAudioLedger_orTheOutbox() {
        assertThat(RedisProbe.kindOf("hark:s:{abc-1}")).isEqualTo("hash");
        assertThat(RedisProbe.kindOf("hark:s:{abc-1}:audio")).isEqualTo("audio");
        assertThat(RedisProbe.kindOf("hark:s:{abc-1}:tx")).isEqualTo("outbox");
    }

    @Test
    void theRunsSessions_areThoseNotThereBefore() {
        assertThat(RedisProbe.newSessions(Set.of("warm-1", "warm-2"), Set.of("warm-2", "run-1", "run-2")))
                .containsExactlyInAnyOrder("run-1", "run-2");
    }
}
