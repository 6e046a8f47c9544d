package dev.hark.domain.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ChunkerTest {

    private static final AudioFormat FORMAT = AudioFormat.linear16Mono(16_000);
    private static final long SAMPLES_PER_MS = 16;
    private static final long MS = 1_000_000L;

    private final RecordingSink sink = new RecordingSink();
    private final List<PcmChunk> accepted = new ArrayList<>();

    @Test
    void emitsExactlyMinChunk_whenEnoughAudioIsBuffered() {
        Chunker chunker = chunker(ChunkPolicy.DEFAULTS, Duration.ofSeconds(1));

        offer(chunker, 0, 36, 0);
        offer(chunker, 36, 36, 36 * MS);
        assertThat(sink.chunks).isEmpty();
        offer(chunker, 72, 36, 72 * MS);

        assertThat(sink.chunks).singleElement().satisfies(chunk -> {
            assertThat(chunk.span()).isEqualTo(new SampleSpan(0, 100 * SAMPLES_PER_MS));
        });
        assertThat(chunker.bufferedBytes()).isEqualTo(8 * SAMPLES_PER_MS * 2);
    }

    @Test
    void flushesOldestAudioWithinMaxLatency_whenFramesArriveEvery36Ms() {
        // H21: with a 1 s minimum, "time since the last frame" never reaches 250 ms at 36 ms a frame.
        Chunker chunker = chunker(new ChunkPolicy(Duration.ofSeconds(1), Duration.ofMillis(250)), Duration.ofSeconds(5));
        List<Long> arrivals = new ArrayList<>();
        for (int frame = 0; frame < 60; frame++) {
            long arrival = frame * 36 * MS;
            tickAtDeadlinesUpTo(chunker, arrival);
            arrivals.add(arrival);
            offer(chunker, frame * 36, 36, arrival);
        }
        tickAtDeadlinesUpTo(chunker, Long.MAX_VALUE);

        assertThat(sink.chunks.getFirst().span().start()).isZero();
        assertThat(sink.emittedAt.getFirst()).isEqualTo(250 * MS);
        assertThat(sink.bytes()).isEqualTo(acceptedBytes());
        for (int frame = 0; frame < arrivals.size(); frame++) {
            long lastSample = (frame * 36L + 36) * SAMPLES_PER_MS - 1;
            assertThat(sink.emittedAtOfSample(lastSample) - arrivals.get(frame))
                    .as("wait of frame %d", frame).isLessThanOrEqualTo(250 * MS);
        }
    }

    @Test
    void flushesOnArrival_whenOldestAudioHasWaitedMaxLatency() {
        Chunker chunker = chunker(new ChunkPolicy(Duration.ofSeconds(1), Duration.ofMillis(250)), Duration.ofSeconds(5));
        for (int frame = 0; frame < 7; frame++) {
            offer(chunker, frame * 36, 36, frame * 36 * MS);
        }
        assertThat(sink.chunks).isEmpty();

        offer(chunker, 252, 36, 252 * MS);

        assertThat(sink.chunks).singleElement().satisfies(chunk ->
                assertThat(chunk.span()).isEqualTo(new SampleSpan(0, 288 * SAMPLES_PER_MS)));
    }

    @Test
    void keepsRemaindersOwnArrivalTime_afterPartialFlush() {
        Chunker chunker = chunker(ChunkPolicy.DEFAULTS, Duration.ofSeconds(1));
        sink.failNext(1);
        assertThatThrownBy(() -> offer(chunker, 0, 150, 0)).isInstanceOf(ChunkSinkException.class);

        offer(chunker, 150, 10, 100 * MS);
        assertThat(sink.chunks).singleElement().satisfies(chunk ->
                assertThat(chunk.span()).isEqualTo(new SampleSpan(0, 100 * SAMPLES_PER_MS)));

        // the 50 ms left of the first frame still arrived at 0, so it is due at 250 ms, not 350 ms
        assertThat(chunker.nextDeadlineNanos()).isEqualTo(OptionalLong.of(250 * MS));
        chunker.onTick(249 * MS);
        assertThat(sink.chunks).hasSize(1);
        chunker.onTick(250 * MS);
        assertThat(sink.chunks).hasSize(2);
        assertThat(sink.chunks.getLast().span()).isEqualTo(new SampleSpan(100 * SAMPLES_PER_MS, 160 * SAMPLES_PER_MS));
        assertThat(sink.bytes()).isEqualTo(acceptedBytes());
    }

    @Test
    void losesAndDoublesNothing_whenSinkFailsThenRecovers() {
        Chunker chunker = chunker(ChunkPolicy.DEFAULTS, Duration.ofSeconds(1));
        offer(chunker, 0, 60, 0);
        sink.failNext(2);

        assertThatThrownBy(() -> offer(chunker, 60, 60, 40 * MS))
                .isInstanceOf(ChunkSinkException.class)
                .satisfies(e -> assertThat(((ChunkSinkException) e).refused())
                        .isEqualTo(new SampleSpan(0, 100 * SAMPLES_PER_MS)));
        assertThat(chunker.bufferedBytes()).isEqualTo(120 * SAMPLES_PER_MS * 2);
        assertThatThrownBy(() -> chunker.onTick(60 * MS)).isInstanceOf(ChunkSinkException.class);

        offer(chunker, 120, 40, 80 * MS);
        assertThat(sink.chunks).extracting(PcmChunk::span).containsExactly(new SampleSpan(0, 100 * SAMPLES_PER_MS));
        assertThat(chunker.nextDeadlineNanos()).isEqualTo(OptionalLong.of(290 * MS)); // rest of the frame that came at 40 ms
        chunker.onTick(290 * MS);

        assertThat(sink.chunks).extracting(PcmChunk::span).containsExactly(
                new SampleSpan(0, 100 * SAMPLES_PER_MS), new SampleSpan(100 * SAMPLES_PER_MS, 160 * SAMPLES_PER_MS));
        assertThat(chunker.bufferedBytes()).isZero();
        assertThat(sink.bytes()).isEqualTo(acceptedBytes());
    }

    @Test
    void refusesWholeChunkAndKeepsNothingOfIt_whenBufferIsFull() {
        Chunker chunker = chunker(ChunkPolicy.DEFAULTS, Duration.ofMillis(250));
        sink.failNext(Integer.MAX_VALUE);
        for (int frame = 0; frame < 4; frame++) {
            int at = frame * 40;
            try {
                offer(chunker, at, 40, at * MS);
            } catch (ChunkSinkException expected) {
                // from the third frame on a flush is due and the sink refuses it
            }
        }
        int attempts = sink.attempts;

        assertThat(offer(chunker, 160, 100, 160 * MS)).isEqualTo(Chunker.Offer.REFUSED_FULL);
        assertThat(chunker.bufferedBytes()).isEqualTo(160 * SAMPLES_PER_MS * 2);
        assertThat(sink.attempts).isEqualTo(attempts);

        // the next frame leaves a 100 ms gap on the sample clock where the refused one was
        assertThatThrownBy(() -> offer(chunker, 260, 50, 170 * MS)).isInstanceOf(ChunkSinkException.class);
        sink.failNext(0);
        chunker.flushAll(180 * MS);

        assertThat(sink.chunks).extracting(PcmChunk::span).containsExactly(
                new SampleSpan(0, 1_600), new SampleSpan(1_600, 2_560), new SampleSpan(4_160, 4_960));
        assertThat(sink.bytes()).isEqualTo(acceptedBytes());
    }

    @Test
    void drainsEverything_onFlushAll() {
        Chunker chunker = chunker(ChunkPolicy.DEFAULTS, Duration.ofSeconds(1));
        offer(chunker, 0, 30, 0);
        offer(chunker, 30, 30, 30 * MS);

        chunker.flushAll(31 * MS);

        assertThat(sink.chunks).extracting(PcmChunk::span).containsExactly(new SampleSpan(0, 60 * SAMPLES_PER_MS));
        assertThat(chunker.bufferedBytes()).isZero();
        assertThat(chunker.nextDeadlineNanos()).isEmpty();
    }

    @Test
    void reportsDeadlineOfOldestAudio_andDueNowAfterFailedSizeFlush() {
        Chunker chunker = chunker(ChunkPolicy.DEFAULTS, Duration.ofSeconds(1));
        assertThat(chunker.nextDeadlineNanos()).isEmpty();

        offer(chunker, 0, 30, 10 * MS);
        assertThat(chunker.nextDeadlineNanos()).isEqualTo(OptionalLong.of(260 * MS));
        offer(chunker, 30, 30, 40 * MS);
        assertThat(chunker.nextDeadlineNanos()).isEqualTo(OptionalLong.of(260 * MS));

        sink.failNext(1);
        assertThatThrownBy(() -> offer(chunker, 60, 50, 70 * MS)).isInstanceOf(ChunkSinkException.class);
        assertThat(chunker.nextDeadlineNanos()).isEqualTo(OptionalLong.of(70 * MS));

        chunker.onTick(80 * MS);
        assertThat(chunker.nextDeadlineNanos()).isEqualTo(OptionalLong.of(70 * MS + 250 * MS));
        chunker.flushAll(90 * MS);
        assertThat(chunker.nextDeadlineNanos()).isEmpty();
    }

    @Test
    void treatsEarlierTimeAsLatestSeen_whenClockGoesBackwards() {
        Chunker chunker = chunker(ChunkPolicy.DEFAULTS, Duration.ofSeconds(1));
        offer(chunker, 0, 30, 100 * MS);
        chunker.flushAll(100 * MS);

        offer(chunker, 30, 30, 5 * MS);

        assertThat(chunker.nextDeadlineNanos()).isEqualTo(OptionalLong.of(350 * MS));
        chunker.onTick(300 * MS);
        assertThat(sink.chunks).hasSize(1);
        chunker.onTick(350 * MS);
        assertThat(sink.chunks).hasSize(2);
    }

    @Test
    void emitsEachByteOnce_whenSinkOffersBackIntoChunker() {
        Chunker[] self = new Chunker[1];
        ChunkSink reentrant = (chunk, nowNanos) -> {
            sink.accept(chunk, nowNanos);
            if (sink.chunks.size() == 1) {
                offer(self[0], 100, 40, 20 * MS);
                self[0].onTick(30 * MS);
            }
        };
        self[0] = new Chunker(FORMAT, ChunkPolicy.DEFAULTS, Duration.ofSeconds(1), reentrant);

        offer(self[0], 0, 100, 0);

        assertThat(sink.chunks).extracting(PcmChunk::span).containsExactly(new SampleSpan(0, 1_600));
        assertThat(self[0].bufferedBytes()).isEqualTo(40 * 32);
        self[0].flushAll(40 * MS);
        assertThat(sink.bytes()).isEqualTo(acceptedBytes());
    }

    @Test
    void drainsEverything_whenSinkCallsFlushAllDuringFlush() {
        Chunker[] self = new Chunker[1];
        ChunkSink reentrant = (chunk, nowNanos) -> {
            sink.accept(chunk, nowNanos);
            self[0].flushAll(10 * MS);
        };
        self[0] = new Chunker(FORMAT, ChunkPolicy.DEFAULTS, Duration.ofSeconds(1), reentrant);

        offer(self[0], 0, 130, 0);

        assertThat(sink.chunks).extracting(PcmChunk::span)
                .containsExactly(new SampleSpan(0, 1_600), new SampleSpan(1_600, 2_080));
        assertThat(sink.bytes()).isEqualTo(acceptedBytes());
    }

    @Test
    void rejectsOverlapAndForeignFormat_keepingNothing() {
        Chunker chunker = chunker(ChunkPolicy.DEFAULTS, Duration.ofSeconds(1));
        offer(chunker, 0, 30, 0);

        assertThatThrownBy(() -> chunker.offer(new PcmChunk(10, new byte[64], FORMAT), MS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chunker.offer(new PcmChunk(480, new byte[64], AudioFormat.linear16Mono(8_000)), MS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(chunker.bufferedBytes()).isEqualTo(30 * 32);
    }

    @Test
    void rejectsBoundBelowMinChunk() {
        assertThatThrownBy(() -> new Chunker(FORMAT, ChunkPolicy.DEFAULTS, Duration.ofMillis(99), sink))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void passesAFrameThroughAsTheSameChunk_whenItLeavesWhole() {
        Chunker chunker = chunker(new ChunkPolicy(Duration.ofSeconds(10), Duration.ZERO), Duration.ofSeconds(11));

        offer(chunker, 0, 20, 0);
        offer(chunker, 20, 20, 20 * MS);

        assertThat(sink.chunks).hasSize(2);
        assertThat(sink.chunks.get(0)).as("no copy of a frame that passes whole").isSameAs(accepted.get(0));
        assertThat(sink.chunks.get(1)).isSameAs(accepted.get(1));
    }

    @Test
    void copiesOnlyWhatItCuts_whenFramesAreJoinedOrSplit() {
        Chunker chunker = chunker(ChunkPolicy.DEFAULTS, Duration.ofSeconds(1));

        offer(chunker, 0, 60, 0);
        offer(chunker, 60, 60, 60 * MS);

        assertThat(sink.chunks).singleElement().satisfies(chunk -> {
            assertThat(chunk.span()).isEqualTo(new SampleSpan(0, 100 * SAMPLES_PER_MS));
            assertThat(chunk).isNotSameAs(accepted.get(0)).isNotSameAs(accepted.get(1));
        });
        assertThat(acceptedBytes()).startsWith(sink.chunks.get(0).pcm());
    }

    @Test
    void handsEachChunkTheReadingItWasDrivenWith_soTheSinkReadsNoClock() {
        Chunker chunker = chunker(ChunkPolicy.DEFAULTS, Duration.ofSeconds(1));

        offer(chunker, 0, 60, 0);
        offer(chunker, 60, 60, 61 * MS); // a 100 ms chunk is due: handed at this offer's reading
        chunker.onTick(400 * MS); // the rest is past its latency bound: handed at the tick's reading
        offer(chunker, 120, 30, 401 * MS);
        chunker.flushAll(402 * MS);

        assertThat(sink.handedAt).containsExactly(61 * MS, 400 * MS, 402 * MS);
    }

    private Chunker chunker(ChunkPolicy policy, Duration maxBuffered) {
        return new Chunker(FORMAT, policy, maxBuffered, sink);
    }

    /** Offers {@code millis} of distinguishable audio starting at {@code startMillis} on the sample clock. */
    private Chunker.Offer offer(Chunker chunker, long startMillis, int millis, long nowNanos) {
        byte[] pcm = new byte[Math.toIntExact(millis * SAMPLES_PER_MS * 2)];
        long firstByte = startMillis * SAMPLES_PER_MS * 2;
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (byte) ((firstByte + i) * 31 + ((firstByte + i) >>> 8));
        }
        sink.now = nowNanos;
        PcmChunk chunk = new PcmChunk(startMillis * SAMPLES_PER_MS, pcm, FORMAT);
        boolean refused = false;
        try {
            Chunker.Offer result = chunker.offer(chunk, nowNanos);
            refused = result == Chunker.Offer.REFUSED_FULL;
            return result;
        } finally {
            if (!refused) {
                accepted.add(chunk); // also when the sink threw: the chunk was accepted
            }
        }
    }

    private byte[] acceptedBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        accepted.stream().sorted(java.util.Comparator.comparingLong(PcmChunk::startSample))
                .forEach(chunk -> out.writeBytes(chunk.pcm()));
        return out.toByteArray();
    }

    private void tickAtDeadlinesUpTo(Chunker chunker, long limit) {
        OptionalLong deadline = chunker.nextDeadlineNanos();
        for (int ticks = 0; deadline.isPresent() && deadline.getAsLong() <= limit; ticks++) {
            assertThat(ticks).as("deadline keeps moving").isLessThan(1_000);
            sink.now = deadline.getAsLong();
            chunker.onTick(deadline.getAsLong());
            deadline = chunker.nextDeadlineNanos();
        }
    }

    /** Records what it accepts and when; refuses the next {@code failures} chunks. */
    private static final class RecordingSink implements ChunkSink {
        final List<PcmChunk> chunks = new ArrayList<>();
        final List<Long> emittedAt = new ArrayList<>();
        /** The readings the chunker handed with each chunk. */
        final List<Long> handedAt = new ArrayList<>();
        long now;
        int attempts;
        private int failures;

        void failNext(int count) {
            failures = count;
        }

        @Override
        public void accept(PcmChunk chunk, long nowNanos) {
            attempts++;
            if (failures > 0) {
                failures--;
                throw new IllegalStateException("provider stream down");
            }
            chunks.add(chunk);
            emittedAt.add(now);
            handedAt.add(nowNanos);
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            chunks.forEach(chunk -> out.writeBytes(chunk.pcm()));
            return out.toByteArray();
        }

        long emittedAtOfSample(long sample) {
            for (int i = 0; i < chunks.size(); i++) {
                if (chunks.get(i).span().start() <= sample && sample < chunks.get(i).span().end()) {
                    return emittedAt.get(i);
                }
            }
            throw new AssertionError("sample " + sample + " never emitted");
        }
    }
}
