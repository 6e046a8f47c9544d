package dev.hark.infrastructure.inbound.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ListenControlTest {

    @Test
    void readsDeepgramsThreeControlTypes_andIgnoresTheRest() {
        ObjectMapper json = new ObjectMapper();
        assertThat(ListenControl.of(json, "{\"type\":\"Finalize\"}")).isEqualTo(ListenControl.FINALIZE);
        assertThat(ListenControl.of(json, "{\"type\":\"CloseStream\"}")).isEqualTo(ListenControl.CLOSE_STREAM);
        assertThat(ListenControl.of(json, "{\"type\":\"KeepAlive\"}")).isEqualTo(ListenControl.KEEP_ALIVE);
        assertThat(ListenControl.of(json, "{\"type\":\"Configure\"}")).isEqualTo(ListenControl.UNKNOWN);
        assertThat(ListenControl.of(json, "not json")).isEqualTo(ListenControl.UNKNOWN);
    }
}
