package dev.hark.infrastructure.outbound.embedded;

import dev.hark.application.testing.QueueingExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EmbeddedRecognizerStreamTest {

    private static final AudioFormat FORMAT = AudioFormat.linear16Mono(16_000);
    private static final int CHUNK = 320; // 20 ms
    private static final long INTERIM_INTERVAL = 4_000; // 250 ms
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final QueueingExecutor executor = new QueueingExecutor();
    private final FakeDecoder decoder = new FakeDecoder(executor::isDraining);
    private final CountingLender lender = new CountingLender(decoder);
    private final RecordingListener listener = new RecordingListener();
    private final TestCapacity capacity = TestCapacity.unlimited();
    private long sent;

    @Test
    void decodesOnlyOnTheDecodeExecutor_neverOnTheCallerThread() {
        RecognizerStream stream = open(true);
        decoder.speechWhile(samples -> true).saying("hello");

        for (int i = 0; i < 10; i++) {
            send(stream);
        }
        stream.finalizeUtterance();
        stream.closeGracefully();

        assertThat(decoder.processCalls).isZero();
        assertThat(executor.runAll()).isPositive();
        assertThat(decoder.processCalls).isEqualTo(10);
        assertThat(decoder.callsOffTheLane).isEmpty();
    }

    @Test
    void emitsAtMostOneInterimPer250msOfAudio_whileInSpeech() {
        RecognizerStream stream = open(true);
        decoder.speechWhile(samples -> true);

        for (int i = 0; i < 50; i++) { // one second of audio, text changing every chunk
            decoder.saying("word" + i);
            send(stream);
            executor.runAll();
        }

        List<Hypothesis> interims = listener.interims();
        assertThat(interims).hasSize(4);
        for (int i = 1; i < interims.size(); i++) {
            assertThat(interims.get(i).span().end() - interims.get(i - 1).span().end())
                    .isGreaterThanOrEqualTo(INTERIM_INTERVAL);
        }
    }

    @Test
    void emitsInterimOnlyWhenTheTextChanged() {
        RecognizerStream stream = open(true);
        decoder.speechWhile(samples -> true).saying("same words");

        sendAndRun(stream, 100);

        assertThat(listener.interims()).extracting(Hypothesis::text).containsExactly("same words");
    }

    @Test
    void emitsNoInterims_whenTheClientDidNotAskForThem() {
        RecognizerStream stream = open(false);
        decoder.speechWhile(samples -> true).saying("hello");

        sendAndRun(stream, 50);

        assertThat(listener.events).isEmpty();
    }

    @Test
    void emitsNoInterims_outsideSpeech() {
        RecognizerStream stream = open(true);
        decoder.speechWhile(samples -> false).saying("noise");

        sendAndRun(stream, 50);

        assertThat(listener.events).isEmpty();
    }

    @Test
    void emitsFinalAndStartsNextUtterance_whenSpeechEnds() {
        RecognizerStream stream = open(false);
        decoder.speechWhile(samples -> samples <= 10 * CHUNK).saying("good morning");

        sendAndRun(stream, 11);

        assertThat(listener.finals()).extracting(Hypothesis::text).containsExactly("good morning");
        assertThat(listener.finals().getFirst().span()).isEqualTo(new SampleSpan(0, 11 * CHUNK));
        assertThat(decoder.ends).isEqualTo(1);
        assertThat(decoder.starts).isEqualTo(2);
        assertThat(stream.isOpen()).isTrue();
    }

    @Test
    void marksFinalsSpeechFinal_onlyWhenTheSpeakerStopped_notWhenAFinalizeCutsTheUtterance() {
        RecognizerStream stream = open(false);
        decoder.speechWhile(samples -> samples <= 10 * CHUNK).saying("first");
        sendAndRun(stream, 11);
        decoder.speechWhile(samples -> true).saying("second");
        sendAndRun(stream, 3);
        stream.finalizeUtterance();
        executor.runAll();

        assertThat(listener.finals()).extracting(Hypothesis::text, Hypothesis::speechFinal)
                .containsExactly(tuple("first", true), tuple("second", false));
        assertThat(listener.finals()).extracting(Hypothesis::fromFinalize).as("only the cut answers the finalize")
                .containsExactly(false, true);
    }

    @Test
    void reportsASpeechStart_eachTimeTheVoiceDetectorEntersSpeech_atTheStartOfThatBlock() {
        RecognizerStream stream = open(false);
        decoder.speechWhile(samples -> samples > 2 * CHUNK && samples <= 10 * CHUNK).saying("first");
        sendAndRun(stream, 11);
        decoder.speechWhile(samples -> samples > CHUNK).saying("second");
        sendAndRun(stream, 3);

        assertThat(listener.speechEvents).containsExactly(
                new SpeechEvent.SpeechStarted(2L * CHUNK), new SpeechEvent.SpeechStarted(12L * CHUNK));
    }

    @Test
    void restartsTheDecoderClock_whenAStreamBorrowsIt() {
        open(false);

        assertThat(decoder.streamStarts).isEqualTo(1);
        assertThat(decoder.starts).isEqualTo(1);
        assertThat(decoder.callsOffTheLane).isEmpty();
    }

    @Test
    void timesWordsOnTheStreamClock_acrossUtterances() {
        RecognizerStream stream = open(false);
        decoder.speechWhile(samples -> samples <= 10 * CHUNK).saying("first", word("first", 0, 9));
        sendAndRun(stream, 11); // first utterance ends after 3520 samples (22 frames)
        // the engine counts frames from ps_start_stream, not from the utterance
        decoder.speechWhile(samples -> true).saying("second", word("second", 27, 31));
        sendAndRun(stream, 5); // up to 5120 samples (32 frames)

        stream.finalizeUtterance();
        executor.runAll();

        List<Hypothesis> finals = listener.finals();
        assertThat(finals).hasSize(2);
        assertThat(finals.get(0).words().getFirst().span()).isEqualTo(new SampleSpan(0, 1_600));
        Hypothesis second = finals.get(1);
        assertThat(second.text()).isEqualTo("second");
        assertThat(second.words().getFirst().span()).isEqualTo(new SampleSpan(27 * 160, 32 * 160));
        assertThat(second.span()).isEqualTo(second.words().getFirst().span());
    }

    @Test
    void clampsWordsToTheAudioDecodedSoFar() {
        RecognizerStream stream = open(false);
        decoder.speechWhile(samples -> true).saying("late", word("late", 8, 40));
        sendAndRun(stream, 5); // 1600 samples

        stream.finalizeUtterance();
        executor.runAll();

        assertThat(listener.finals().getFirst().words().getFirst().span()).isEqualTo(new SampleSpan(1_280, 1_600));
    }

    @Test
    void finalizeEmitsFinal_andKeepsTheStreamOpen() {
        RecognizerStream stream = open(false);
        decoder.speechWhile(samples -> true).saying("keep going");
        sendAndRun(stream, 5);

        stream.finalizeUtterance();
        executor.runAll();

        assertThat(listener.finals()).extracting(Hypothesis::text).containsExactly("keep going");
        assertThat(stream.isOpen()).isTrue();
        assertThat(decoder.starts).isEqualTo(2);
        assertThat(lender.returns()).isZero();
    }

    @Test
    void closeDeliversFinalThenOnClosedOnce_thenReleasesTheDecoder() {
        RecognizerStream stream = open(false);
        decoder.speechWhile(samples -> true).saying("last words");
        send(stream);

        stream.closeGracefully();
        stream.closeGracefully();
        assertThat(stream.isOpen()).isFalse();
        send(stream);
        stream.finalizeUtterance();
        executor.runAll();

        assertThat(listener.events).hasSize(2);
        assertThat(((Hypothesis) listener.events.get(0)).text()).isEqualTo("last words");
        assertThat(listener.events.get(1)).isEqualTo("closed");
        assertThat(decoder.processCalls).isEqualTo(1);
        assertThat(lender.released).isEqualTo(1);
        assertThat(lender.discarded).isZero();
        assertThat(capacity.capacity.load().streams()).isZero();
    }

    @Test
    void skipsBlankFinals() {
        RecognizerStream stream = open(false);
        decoder.speechWhile(samples -> samples <= 2 * CHUNK).saying("");
        sendAndRun(stream, 3);
        stream.finalizeUtterance();

        stream.closeGracefully();
        executor.runAll();

        assertThat(listener.events).containsExactly("closed");
    }

    @Test
    void abortSilencesEverything_andReleasesTheDecoderOnce() {
        RecognizerStream stream = open(true);
        decoder.speechWhile(samples -> true).saying("never heard");
        send(stream);
        stream.finalizeUtterance();

        stream.abort();
        stream.abort();
        stream.closeGracefully();
        executor.runAll();
        stream.abort();
        executor.runAll();

        assertThat(listener.events).isEmpty();
        assertThat(stream.isOpen()).isFalse();
        assertThat(lender.released).isEqualTo(1);
        assertThat(lender.discarded).isZero();
        assertThat(decoder.utteranceOpen()).isFalse();
        assertThat(capacity.capacity.load().streams()).isZero();
        assertThat(capacity.capacity.load().behindSeconds()).isZero();
    }

    @Test
    void abortAfterCloseReleasesNothingMore() {
        RecognizerStream stream = open(false);
        stream.closeGracefully();
        executor.runAll();

        stream.abort();
        executor.runAll();

        assertThat(listener.events).containsExactly("closed");
        assertThat(lender.returns()).isEqualTo(1);
    }

    @Test
    void engineFailureReportsOnce_andDiscardsTheDecoder() {
        RecognizerStream stream = open(true);
        decoder.speechWhile(samples -> true).saying("partial").failingOnProcessCall(3);

        for (int i = 0; i < 5; i++) {
            send(stream);
        }
        stream.finalizeUtterance();
        stream.closeGracefully();
        executor.runAll();

        assertThat(listener.failures()).hasSize(1);
        assertThat(listener.failures().getFirst().clientError().code()).isEqualTo(ErrorCode.PROVIDER_ERROR);
        assertThat(listener.events.getLast()).isSameAs(listener.failures().getFirst());
        assertThat(listener.closedCount()).isZero();
        assertThat(decoder.processCalls).isEqualTo(3);
        assertThat(lender.discarded).isEqualTo(1);
        assertThat(lender.released).isZero();
        assertThat(stream.isOpen()).isFalse();
        assertThat(capacity.capacity.load().streams()).isZero();
    }

    @Test
    void failsWithCapacityExhausted_whenTheDecoderFallsTooFarBehind() {
        RecognizerStream stream = open(false, 10 * CHUNK);

        for (int i = 0; i < 11; i++) {
            send(stream);
        }
        executor.runAll();

        assertThat(listener.failures()).singleElement()
                .satisfies(failure -> assertThat(failure.clientError().code())
                        .isEqualTo(ErrorCode.CAPACITY_EXHAUSTED));
        assertThat(stream.isOpen()).isFalse();
        assertThat(lender.released).isEqualTo(1);
        assertThat(capacity.capacity.load().streams()).isZero();
        assertThat(capacity.capacity.load().behindSeconds()).isZero();
    }

    @Test
    void handsTheDecoderTheChunksOwnBytes_withoutCopyOrConversion() {
        RecognizerStream stream = open(false);
        PcmChunk chunk = new PcmChunk(0, new byte[CHUNK * 2], FORMAT);

        stream.sendAudio(chunk);
        executor.runAll();

        assertThat(decoder.lastPcm).isSameAs(chunk.pcm());
    }

    @Test
    void booksItsQueueAndTheCpuOfDecodingIt_withItsCapacityShare() {
        RecognizerStream stream = open(false);
        // each 20 ms chunk costs 4 ms of CPU: a real-time factor of 0.2
        decoder.whileProcessing(() -> capacity.cpu.addAndGet(4_000_000));

        for (int i = 0; i < 50 * 60; i++) { // a minute of audio, queued faster than it is decoded
            send(stream);
        }
        assertThat(capacity.capacity.load().behindSeconds()).isCloseTo(60 * 0.1 / 1000, within(1e-9));
        capacity.ticker.addAndGet(500_000_000); // the decode threads get to it half a second later
        executor.runAll();

        assertThat(capacity.capacity.load().behindSeconds()).isZero();
        assertThat(capacity.capacity.load().lagSeconds()).isCloseTo(0.5, within(1e-9));
        assertThat(capacity.capacity.load().realTimeFactor()).isCloseTo((0.2 * 60 + 0.1 * 10) / 70, within(1e-9));
        stream.closeGracefully();
        executor.runAll();
        assertThat(capacity.capacity.load().streams()).isZero();
    }

    @Test
    void listenerCallsNeverOverlapAndStayInOrder_onAManyThreadedExecutor() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            FakeDecoder threadSafeEnough = new FakeDecoder(() -> true);
            List<RecordingListener> listeners = new ArrayList<>();
            List<RecognizerStream> streams = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                FakeDecoder perStream = s == 0 ? threadSafeEnough : new FakeDecoder(() -> true);
                perStream.speechWhile(samples -> samples % (10 * CHUNK) != 0).saying("tick");
                RecordingListener recording = new RecordingListener();
                listeners.add(recording);
                streams.add(start(perStream, new CountingLender(perStream), recording, threads, true,
                        Long.MAX_VALUE).get(5, TimeUnit.SECONDS));
            }
            for (int i = 0; i < 200; i++) {
                for (RecognizerStream stream : streams) {
                    stream.sendAudio(new PcmChunk(i * (long) CHUNK, new byte[CHUNK * 2], FORMAT));
                }
            }
            streams.forEach(RecognizerStream::closeGracefully);

            for (RecordingListener recording : listeners) {
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                        .until(() -> recording.closedCount() == 1);
                assertThat(recording.overlaps).hasValue(0);
                assertThat(recording.finals()).hasSizeGreaterThanOrEqualTo(19);
                assertThat(recording.events.getLast()).isEqualTo("closed");
                List<Long> ends = recording.hypotheses().stream().map(h -> h.span().end()).toList();
                assertThat(ends).isSorted();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private RecognizerStream open(boolean interims) {
        return open(interims, Long.MAX_VALUE);
    }

    private RecognizerStream open(boolean interims, long maxBacklogSamples) {
        CompletableFuture<RecognizerStream> started = start(decoder, lender, listener, executor, interims,
                maxBacklogSamples, capacity.admitted());
        executor.runAll();
        assertThat(started).isCompleted();
        return started.join();
    }

    private static CompletableFuture<RecognizerStream> start(SpeechDecoder decoder, DecoderLender lender,
                                                             RecordingListener listener,
                                                             java.util.concurrent.Executor executor,
                                                             boolean interims, long maxBacklogSamples) {
        return start(decoder, lender, listener, executor, interims, maxBacklogSamples,
                TestCapacity.unlimited().admitted());
    }

    private static CompletableFuture<RecognizerStream> start(SpeechDecoder decoder, DecoderLender lender,
                                                             RecordingListener listener,
                                                             java.util.concurrent.Executor executor,
                                                             boolean interims, long maxBacklogSamples,
                                                             DecodeCapacity.Share share) {
        StreamTuning tuning = new StreamTuning(interims, INTERIM_INTERVAL, maxBacklogSamples, RETRY);
        return new EmbeddedRecognizerStream(new SessionId("session-test-1"), decoder, lender,
                EmbeddedRecognizerAdapter.decodeLane(executor, 1), listener, tuning, share).start();
    }

    private void send(RecognizerStream stream) {
        stream.sendAudio(new PcmChunk(sent, new byte[CHUNK * 2], FORMAT));
        sent += CHUNK;
    }

    private void sendAndRun(RecognizerStream stream, int chunks) {
        for (int i = 0; i < chunks; i++) {
            send(stream);
            executor.runAll();
        }
    }

    private static DecodedWord word(String text, int startFrame, int endFrame) {
        return new DecodedWord(text, startFrame, endFrame, 0.9);
    }

    /** Hands out one decoder and counts how it comes back. */
    private static final class CountingLender implements DecoderLender {
        private final SpeechDecoder decoder;
        volatile int released;
        volatile int discarded;

        CountingLender(SpeechDecoder decoder) {
            this.decoder = decoder;
        }

        @Override
        public CompletableFuture<SpeechDecoder> acquire() {
            return CompletableFuture.completedFuture(decoder);
        }

        @Override
        public synchronized void release(SpeechDecoder returned) {
            if (returned.utteranceOpen()) {
                returned.endUtterance();
            }
            released++;
        }

        @Override
        public synchronized void discard(SpeechDecoder returned) {
            returned.close();
            discarded++;
        }

        int returns() {
            return released + discarded;
        }
    }
}
