package dev.hark.infrastructure.inbound.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class FrameAlignerTest {

    /** Concatenated, the aligned pieces are the input minus at most one unfinished frame, each piece whole frames. */
    @Property(tries = 200)
    void passesWholeFramesInOrder_keepingOnlyAnUnfinishedFrame(@ForAll @IntRange(min = 1, max = 4) int bytesPerFrame,
                                                               @ForAll @Size(max = 30) List<@IntRange(max = 50) Integer> chunkSizes) {
        FrameAligner aligner = new FrameAligner(bytesPerFrame);
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte next = 0;
        for (int size : chunkSizes) {
            byte[] chunk = new byte[size];
            for (int i = 0; i < size; i++) {
                chunk[i] = next++;
            }
            in.writeBytes(chunk);
            byte[] whole = aligner.whole(chunk);
            assertThat(whole.length % bytesPerFrame).isZero();
            out.writeBytes(whole);
        }
        byte[] sent = in.toByteArray();
        byte[] passed = out.toByteArray();
        assertThat(passed.length).isEqualTo(sent.length - sent.length % bytesPerFrame);
        assertThat(passed).isEqualTo(java.util.Arrays.copyOf(sent, passed.length));
    }
}
