package dev.hark.domain.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class SessionClockProperties {

    @Property
    void acceptedChunksTileTheClockWithoutGapsOrOverlaps(
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 5000) Integer> frameSizes) {
        Session session = Session.start(new SessionId("session-p"), new ResumeToken("0123456789abcdef0123"),
                new StreamOptions(AudioFormat.linear16Mono(16_000), true, "en", 4096), 100, 0L);
        long expectedStart = 0;
        for (int size : frameSizes) {
            FrameVerdict verdict = session.acceptAudio(new byte[size]);
            boolean acceptable = size > 0 && size % 2 == 0 && size <= 4096;
            assertThat(verdict instanceof FrameVerdict.Accepted).isEqualTo(acceptable);
            if (verdict instanceof FrameVerdict.Accepted accepted) {
                PcmChunk chunk = accepted.chunk();
                assertThat(chunk.startSample()).isEqualTo(expectedStart);
                expectedStart = chunk.span().end();
            }
        }
        assertThat(session.samplesReceived()).isEqualTo(expectedStart);
    }
}
