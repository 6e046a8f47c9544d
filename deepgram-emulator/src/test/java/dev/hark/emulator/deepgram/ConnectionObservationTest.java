package dev.hark.emulator.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.transcript.Word;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionObservationTest {

    @Test
    void neverPrintsCredentials_keepingTheScheme() {
        ConnectionRecorder recorder = new ConnectionRecorder(0, "id", Map.of("keyterm", List.of("a", "b")),
                Map.of("Authorization", List.of("Token s3cret"), "Sec-WebSocket-Protocol",
                        List.of("token", "s3cret", "x-deepgram-session-id, abc")));

        ConnectionObservation seen = recorder.snapshot();

        assertThat(seen.toString()).doesNotContain("s3cret")
                .contains("Authorization=[Token [redacted]]")
                .contains("Sec-WebSocket-Protocol=[token, [redacted], x-deepgram-session-id, abc]");
        assertThat(seen.header("authorization")).as("the accessor keeps the real value").isEqualTo("Token s3cret");
        assertThat(seen.queryValues("keyterm")).containsExactly("a", "b");
        assertThat(seen.queryValues("missing")).isEmpty();
    }

    @Test
    void snapshotsDoNotChangeWithLaterTraffic() {
        ConnectionRecorder recorder = new ConnectionRecorder(3, "id", Map.of(), Map.of());
        recorder.accepted("token");
        recorder.binaryFrame(3_200);
        ConnectionObservation before = recorder.snapshot();

        recorder.binaryFrame(0);
        recorder.text(ControlMessage.KEEP_ALIVE);
        recorder.closeSent(1011, "NET-0001 x");
        recorder.closeSent(1000, "");
        recorder.ended();

        assertThat(before.binaryFrames()).isOne();
        assertThat(before.ended()).isFalse();
        ConnectionObservation after = recorder.snapshot();
        assertThat(after.binaryFrames()).isEqualTo(2);
        assertThat(after.binaryBytes()).isEqualTo(3_200);
        assertThat(after.emptyBinaryFrame()).isTrue();
        assertThat(after.keepAlives()).isOne();
        assertThat(after.closeCode()).as("the first close counts").isEqualTo(1011);
        assertThat(after.closeReason()).isEqualTo("NET-0001 x");
        assertThat(after.handshakeStatus()).isEqualTo(101);
        assertThat(after.subprotocol()).isEqualTo("token");
        assertThat(after.index()).isEqualTo(3);
        assertThat(after.ended()).isTrue();
    }

    @Test
    void countsWhatWasSent_byKind() {
        ConnectionRecorder recorder = new ConnectionRecorder(0, "id", Map.of(), Map.of());
        Word word = new Word("hello", new SampleSpan(0, 8_000), 0.9);

        recorder.sent(new Emission.Transcript(0, 16_000, false, false, false, List.of(word)));
        recorder.sent(new Emission.SpeechStart(0));
        recorder.sent(new Emission.Transcript(0, 16_000, true, true, false, List.of(word)));
        recorder.sent(new Emission.UtteranceEnd(8_000));
        recorder.sent(new Emission.Transcript(16_000, 20_000, true, false, true, List.of()));
        recorder.metadataSent();

        assertThat(recorder.snapshot().sent())
                .isEqualTo(new ConnectionObservation.Sent(1, 2, 1, 1, 1, 1, 1, 1));
    }

    @Test
    void readsControlMessagesByType_ignoringAnythingElse() {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();

        assertThat(ControlMessage.parse(json, "{\"type\":\"KeepAlive\"}")).isEqualTo(ControlMessage.KEEP_ALIVE);
        assertThat(ControlMessage.parse(json, "{\"type\":\"Finalize\",\"channel\":0}"))
                .isEqualTo(ControlMessage.FINALIZE);
        assertThat(ControlMessage.parse(json, "{\"type\":\"CloseStream\"}")).isEqualTo(ControlMessage.CLOSE_STREAM);
        assertThat(ControlMessage.parse(json, "{\"type\":\"Configure\"}")).isEqualTo(ControlMessage.OTHER);
        assertThat(ControlMessage.parse(json, "not json")).isEqualTo(ControlMessage.OTHER);
        assertThat(ControlMessage.parse(json, "[1,2]")).isEqualTo(ControlMessage.OTHER);
    }
}
