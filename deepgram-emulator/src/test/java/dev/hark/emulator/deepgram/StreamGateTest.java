package dev.hark.emulator.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamGateTest {

    private final StreamGate gate = new StreamGate();
    private final RecordingStream stream = new RecordingStream();

    @Test
    void replaysCallsMadeBeforeTheStreamOpened_inOrder() {
        gate.sendAudio(chunk(0));
        gate.finalizeUtterance();
        gate.sendAudio(chunk(160));

        assertThat(gate.attach(stream)).isTrue();
        gate.closeGracefully();

        assertThat(stream.calls).containsExactly("audio@0", "finalize", "audio@160", "close");
    }

    @Test
    void refusesAStreamThatOpensAfterTheConnectionEnded() {
        gate.sendAudio(chunk(0));
        gate.abort();

        assertThat(gate.attach(stream)).isFalse();
        assertThat(stream.calls).isEmpty();
    }

    @Test
    void abortsAnOpenStream_andIgnoresLaterCalls() {
        gate.attach(stream);

        gate.abort();
        gate.sendAudio(chunk(0));
        gate.abort();

        assertThat(stream.calls).containsExactly("abort", "abort");
    }

    private static PcmChunk chunk(long start) {
        return new PcmChunk(start, new byte[320], AudioFormat.linear16Mono(16_000));
    }

    private static final class RecordingStream implements RecognizerStream {

        final List<String> calls = new ArrayList<>();

        @Override
        public void sendAudio(PcmChunk chunk) {
            calls.add("audio@" + chunk.startSample());
        }

        @Override
        public void finalizeUtterance() {
            calls.add("finalize");
        }

        @Override
        public void closeGracefully() {
            calls.add("close");
        }

        @Override
        public void abort() {
            calls.add("abort");
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }
}
