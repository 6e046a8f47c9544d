package dev.hark.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerEventTest {

    @Test
    void readsAFinalsRangeFromItsText() {
        assertThat(ServerEvent.parse("{\"type\":\"transcript\",\"seq\":3,\"is_final\":true,\"speech_final\":false,"
                + "\"text\":\"samples 3200-3520\",\"start\":0.2,\"end\":0.22,\"words\":[{\"word\":\"x\"}],\"lag\":0.0}",
                16_000)).isEqualTo(new ServerEvent.Final(3200, 3520));
    }

    @Test
    void fallsBackToStartAndEnd_whenTheTextNamesNoRange() {
        assertThat(ServerEvent.parse("{\"type\":\"transcript\",\"is_final\":true,\"text\":\"hello\","
                + "\"start\":0.2,\"end\":0.22}", 16_000)).isEqualTo(new ServerEvent.Final(3200, 3520));
    }

    @Test
    void readsTheOtherMessagesTheGeneratorNeeds() {
        assertThat(ServerEvent.parse("{\"type\":\"session.started\",\"session_id\":\"a\"}", 16_000))
                .isEqualTo(new ServerEvent.Started());
        assertThat(ServerEvent.parse("{\"type\":\"session.closed\",\"reason\":\"client_closed\"}", 16_000))
                .isEqualTo(new ServerEvent.Closed("client_closed"));
        assertThat(ServerEvent.parse("{\"type\":\"error\",\"code\":\"SESSION_BUSY\",\"message\":\"m\"}", 16_000))
                .isEqualTo(new ServerEvent.Error("SESSION_BUSY"));
        assertThat(ServerEvent.parse("{\"type\":\"transcript\",\"is_final\":false,\"text\":\"samples 0-320\"}",
                16_000)).isEqualTo(new ServerEvent.Other("transcript"));
    }

    @Test
    void reportsTextThatIsNotAJsonObjectAsMalformed() {
        assertThat(ServerEvent.parse("[1,2]", 16_000)).isInstanceOf(ServerEvent.Malformed.class);
        assertThat(ServerEvent.parse("{\"type\":", 16_000)).isInstanceOf(ServerEvent.Malformed.class);
        assertThat(ServerEvent.parse("{\"type\":\"transcript\",\"is_final\":true,\"text\":\"samples x-y\"}", 16_000))
                .isInstanceOf(ServerEvent.Malformed.class);
    }
}
