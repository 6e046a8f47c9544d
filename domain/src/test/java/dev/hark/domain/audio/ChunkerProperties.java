package dev.hark.domain.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * H21/H22 invariants of {@link Chunker} over arbitrary arrival schedules, with a deterministic
 * clock: the test's own {@code now} variable, advanced by each arrival's gap.
 *
 * <p>Two caller models for the latency bound: a caller that ticks at every
 * {@link Chunker#nextDeadlineNanos()} (bound: {@code maxLatency}), and one that ticks on a fixed
 * period P regardless (bound: {@code maxLatency + P}). Both also tick nowhere else, so any
 * flush that happens comes from the chunker's own triggers.
 */
class ChunkerProperties {

    private static final long MS = 1_000_000L;

    /** One client frame: arrives {@code gapNanos} after the previous one, {@code frames} sample frames long. */
    record Arrival(long gapNanos, int frames, int tickPermille) {}

    @Property
    void flushedChunksAreTheInputBytesOnceInOrder_forAnyScheduleAndTicks(
            @ForAll("formats") AudioFormat format, @ForAll("policies") ChunkPolicy policy,
            @ForAll @LongRange(max = 1_000_000) long firstSample, @ForAll("schedules") List<Arrival> schedule) {
        Recorder sink = new Recorder(List.of());
        Chunker chunker = new Chunker(format, policy, Duration.ofSeconds(10), sink);
        Input input = new Input(format, firstSample);

        long now = 0;
        for (Arrival arrival : schedule) {
            if (arrival.tickPermille() >= 0) {
                chunker.onTick(now + arrival.gapNanos() * arrival.tickPermille() / 1000);
            }
            now += arrival.gapNanos();
            assertThat(chunker.offer(input.next(arrival.frames(), now), now)).isEqualTo(Chunker.Offer.ACCEPTED);
        }
        chunker.flushAll(now);

        assertThat(chunker.bufferedBytes()).isZero();
        assertSameRuns(sink.chunks, input.accepted);
        assertChunksAtMost(sink.chunks, policy, format);
    }

    @Property
    void everyByteIsFlushedWithinMaxLatency_whenCallerTicksAtEachDeadline(
            @ForAll("policies") ChunkPolicy policy, @ForAll("schedules") List<Arrival> schedule) {
        AudioFormat format = AudioFormat.linear16Mono(16_000);
        Recorder sink = new Recorder(List.of());
        Chunker chunker = new Chunker(format, policy, Duration.ofSeconds(10), sink);
        Input input = new Input(format, 0);

        long now = 0;
        for (Arrival arrival : schedule) {
            now += arrival.gapNanos();
            tickAtDeadlinesUpTo(chunker, sink, now);
            sink.now = now;
            chunker.offer(input.next(arrival.frames(), now), now);
        }
        tickAtDeadlinesUpTo(chunker, sink, Long.MAX_VALUE);

        assertThat(chunker.bufferedBytes()).isZero();
        assertSameRuns(sink.chunks, input.accepted);
        assertThat(maxWait(sink, input)).isLessThanOrEqualTo(policy.maxLatency().toNanos());
    }

    @Property
    void everyByteIsFlushedWithinMaxLatencyPlusOneTick_whenCallerTicksOnFixedPeriod(
            @ForAll("policies") ChunkPolicy policy, @ForAll @LongRange(min = 1, max = 50) long tickMillis,
            @ForAll("schedules") List<Arrival> schedule) {
        AudioFormat format = AudioFormat.linear16Mono(16_000);
        long period = tickMillis * MS;
        Recorder sink = new Recorder(List.of());
        Chunker chunker = new Chunker(format, policy, Duration.ofSeconds(10), sink);
        Input input = new Input(format, 0);

        long now = 0;
        long nextTick = period;
        for (Arrival arrival : schedule) {
            now += arrival.gapNanos();
            for (; nextTick <= now; nextTick += period) {
                sink.now = nextTick;
                chunker.onTick(nextTick);
            }
            sink.now = now;
            chunker.offer(input.next(arrival.frames(), now), now);
        }
        for (long end = now + policy.maxLatency().toNanos() + period; nextTick <= end; nextTick += period) {
            sink.now = nextTick;
            chunker.onTick(nextTick);
        }

        assertThat(chunker.bufferedBytes()).isZero();
        assertSameRuns(sink.chunks, input.accepted);
        assertThat(maxWait(sink, input)).isLessThanOrEqualTo(policy.maxLatency().toNanos() + period);
    }

    @Property
    void nothingIsLostOrDoubled_whenSinkFailsAtRandom(
            @ForAll("formats") AudioFormat format, @ForAll("policies") ChunkPolicy policy,
            @ForAll @LongRange(max = 500) long extraBufferMillis, @ForAll @Size(max = 30) List<Boolean> failures,
            @ForAll("schedules") List<Arrival> schedule) {
        Duration maxBuffered = policy.minChunk().plusMillis(extraBufferMillis);
        long boundBytes = (maxBuffered.toNanos() * format.sampleRate() + 999_999_999L) / 1_000_000_000L * format.bytesPerFrame();
        Recorder sink = new Recorder(failures);
        Chunker chunker = new Chunker(format, policy, maxBuffered, sink);
        Input input = new Input(format, 0);

        long now = 0;
        for (Arrival arrival : schedule) {
            if (arrival.tickPermille() >= 0) {
                long tick = now + arrival.gapNanos() * arrival.tickPermille() / 1000;
                swallowSinkFailure(() -> chunker.onTick(tick));
            }
            now += arrival.gapNanos();
            PcmChunk chunk = input.next(arrival.frames(), now);
            long before = chunker.bufferedBytes();
            long at = now;
            Chunker.Offer[] result = {Chunker.Offer.ACCEPTED};
            swallowSinkFailure(() -> result[0] = chunker.offer(chunk, at));
            if (result[0] == Chunker.Offer.REFUSED_FULL) {
                input.refuseLast();
                assertThat(chunker.bufferedBytes()).isEqualTo(before);
            }
            assertThat(chunker.bufferedBytes()).isLessThanOrEqualTo(boundBytes);
        }
        sink.recover();
        chunker.flushAll(now);

        assertThat(chunker.bufferedBytes()).isZero();
        assertSameRuns(sink.chunks, input.accepted);
        assertChunksAtMost(sink.chunks, policy, format);
    }

    @Provide
    Arbitrary<List<Arrival>> schedules() {
        return Combinators.combine(
                        Arbitraries.longs().between(0, 300 * MS),
                        Arbitraries.integers().between(1, 3_000),
                        Arbitraries.integers().between(-1, 1_000))
                .as(Arrival::new)
                .list().ofMaxSize(60);
    }

    @Provide
    Arbitrary<ChunkPolicy> policies() {
        return Combinators.combine(
                        Arbitraries.longs().between(1, 300 * MS).map(Duration::ofNanos),
                        Arbitraries.longs().between(0, 400).map(Duration::ofMillis))
                .as(ChunkPolicy::new);
    }

    @Provide
    Arbitrary<AudioFormat> formats() {
        return Combinators.combine(Arbitraries.of(8_000, 16_000, 44_100, 48_000), Arbitraries.integers().between(1, 2))
                .as((rate, channels) -> new AudioFormat(AudioEncoding.LINEAR16, rate, channels));
    }

    private static void tickAtDeadlinesUpTo(Chunker chunker, Recorder sink, long limit) {
        long previous = Long.MIN_VALUE;
        for (OptionalLong deadline = chunker.nextDeadlineNanos();
                deadline.isPresent() && deadline.getAsLong() <= limit;
                deadline = chunker.nextDeadlineNanos()) {
            assertThat(deadline.getAsLong()).as("deadline moves forward").isGreaterThan(previous);
            previous = deadline.getAsLong();
            sink.now = previous;
            chunker.onTick(previous);
        }
    }

    private static void swallowSinkFailure(Runnable call) {
        try {
            call.run();
        } catch (ChunkSinkException expected) {
            // the audio stays buffered; the property checks it arrives later
        }
    }

    /** Longest wait of any input byte between its arrival and the call that flushed it. */
    private static long maxWait(Recorder sink, Input input) {
        long worst = 0;
        int chunk = 0;
        long chunkEnd = sink.chunks.isEmpty() ? 0 : sink.chunks.getFirst().pcm().length;
        long byteIndex = 0;
        for (int frame = 0; frame < input.accepted.size(); frame++) {
            byteIndex += input.accepted.get(frame).pcm().length;
            while (chunkEnd < byteIndex) {
                chunk++;
                chunkEnd += sink.chunks.get(chunk).pcm().length;
            }
            worst = Math.max(worst, sink.emittedAt.get(chunk) - input.arrivals.get(frame));
        }
        return worst;
    }

    private static void assertChunksAtMost(List<PcmChunk> chunks, ChunkPolicy policy, AudioFormat format) {
        long maxSamples = (policy.minChunk().toNanos() * format.sampleRate() + 999_999_999L) / 1_000_000_000L;
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.sampleCount()).isBetween(1L, Math.max(1, maxSamples)));
    }

    /**
     * Equal as audio: the same bytes at the same sample offsets, in order. Both sides are merged
     * into maximal contiguous runs first, so a chunk that bridged a gap, dropped, repeated or
     * reordered bytes, or restarted the sample clock makes the runs differ.
     */
    private static void assertSameRuns(List<PcmChunk> flushed, List<PcmChunk> input) {
        List<Run> actual = runs(flushed);
        List<Run> expected = runs(input);
        assertThat(actual).extracting(Run::start).isEqualTo(expected.stream().map(Run::start).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).pcm()).as("run %d", i).isEqualTo(expected.get(i).pcm());
        }
    }

    private record Run(long start, byte[] pcm) {}

    private static List<Run> runs(List<PcmChunk> chunks) {
        List<Run> runs = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long start = -1;
        long end = -1;
        for (PcmChunk chunk : chunks) {
            if (chunk.startSample() != end) {
                if (start >= 0) {
                    runs.add(new Run(start, bytes.toByteArray()));
                }
                bytes.reset();
                start = chunk.startSample();
            }
            bytes.writeBytes(chunk.pcm());
            end = chunk.span().end();
        }
        if (start >= 0) {
            runs.add(new Run(start, bytes.toByteArray()));
        }
        return runs;
    }

    /** Generates contiguous, distinguishable client frames and remembers what was accepted. */
    private static final class Input {
        private final AudioFormat format;
        private long nextSample;
        private long nextByte;
        final List<PcmChunk> accepted = new ArrayList<>();
        final List<Long> arrivals = new ArrayList<>();

        Input(AudioFormat format, long firstSample) {
            this.format = format;
            this.nextSample = firstSample;
        }

        PcmChunk next(int frames, long arrivalNanos) {
            byte[] pcm = new byte[frames * format.bytesPerFrame()];
            for (int i = 0; i < pcm.length; i++, nextByte++) {
                pcm[i] = (byte) (nextByte * 0x9E3779B1L >>> 24);
            }
            PcmChunk chunk = new PcmChunk(nextSample, pcm, format);
            nextSample = chunk.span().end();
            accepted.add(chunk);
            arrivals.add(arrivalNanos);
            return chunk;
        }

        void refuseLast() {
            accepted.removeLast();
            arrivals.removeLast();
        }
    }

    /** Sink that refuses according to a cyclic pattern until it recovers. */
    private static final class Recorder implements ChunkSink {
        private final List<Boolean> failures;
        private int attempt;
        private boolean recovered;
        final List<PcmChunk> chunks = new ArrayList<>();
        final List<Long> emittedAt = new ArrayList<>();
        long now;

        Recorder(List<Boolean> failures) {
            this.failures = failures;
        }

        void recover() {
            recovered = true;
        }

        @Override
        public void accept(PcmChunk chunk, long nowNanos) {
            boolean fail = !recovered && !failures.isEmpty() && failures.get(attempt++ % failures.size());
            if (fail) {
                throw new IllegalStateException("injected sink failure");
            }
            chunks.add(chunk);
            emittedAt.add(now);
        }
    }
}
