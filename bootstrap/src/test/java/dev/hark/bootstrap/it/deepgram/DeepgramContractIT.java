package dev.hark.bootstrap.it.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.bootstrap.it.deepgram.RecordingListener.Closed;
import dev.hark.bootstrap.it.deepgram.RecordingListener.Event;
import dev.hark.bootstrap.it.deepgram.RecordingListener.Heard;
import dev.hark.bootstrap.it.deepgram.RecordingListener.Voice;
import dev.hark.bootstrap.config.DeepgramFactory;
import dev.hark.bootstrap.testing.SpeechFixture;
import dev.hark.bootstrap.testing.WordErrorRate;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.session.StreamOptions;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;
import dev.hark.emulator.deepgram.ConnectionObservation;
import dev.hark.infrastructure.outbound.deepgram.DeepgramRecognizerAdapter;
import dev.hark.infrastructure.outbound.deepgram.DeepgramSettings;
import io.dropwizard.jackson.Jackson;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Deepgram adapter against the Deepgram emulator, through {@code SpeechRecognizerPort}
 * only: what a session would see. The emulator answers with real transcripts (embedded
 * PocketSphinx), so these are the adapter's contract with a server that speaks Deepgram's live
 * protocol; the emulator's observations say what really went over the wire, in both directions.
 * Audio goes in 100 ms chunks (Deepgram's recommendation), unpaced.
 */
class DeepgramContractIT {

    private static final String KEY = "contract-test-key";
    private static final AudioFormat FORMAT = AudioFormat.linear16Mono(16_000);
    private static final int CHUNK_BYTES = 3_200;
    private static final Duration WAIT = EmulatedDeepgram.WAIT;
    private static final AtomicInteger SESSIONS = new AtomicInteger();

    private static EmulatedDeepgram deepgram;
    private static DeepgramRecognizerAdapter adapter;

    @BeforeAll
    static void start() {
        deepgram = EmulatedDeepgram.start(KEY);
        adapter = DeepgramRecognizerAdapter.start(settings(KEY));
    }

    @AfterAll
    static void stop() {
        if (adapter != null) {
            adapter.close();
        }
        if (deepgram != null) {
            deepgram.close();
        }
    }

    @AfterEach
    void noConnectionOrRecognizerStreamOutlivesTheTest() {
        deepgram.awaitQuiet();
    }

    /**
     * The adapter's settings as Hark ships them (interims, vad_events, utterance_end_ms=1000, the
     * 5 s handshake bound): the configuration's own defaults, which ConfigurationTableTest holds
     * equal to config.yml and the README. Only the key and the address differ, for the emulator.
     */
    private static DeepgramSettings settings(String apiKey) {
        DeepgramSettings shipped;
        try {
            shipped = Jackson.newObjectMapper().readValue("{\"apiKey\": \"" + apiKey + "\"}", DeepgramFactory.class)
                    .build();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new DeepgramSettings(deepgram.emulator().baseUri(), apiKey, shipped.model(), shipped.language(),
                shipped.interimResults(), shipped.punctuate(), shipped.smartFormat(), shipped.endpointing(),
                shipped.utteranceEndMs(), shipped.vadEvents(), List.of(), List.of("contract-it"),
                shipped.handshakeTimeout(), shipped.closeTimeout(), shipped.retryAfter());
    }

    @Test
    void transcribesAFixture_finalWordsEqualTheSpokenText() throws Exception {
        SpeechFixture weather = SpeechFixture.load("weather");
        int first = deepgram.connections();
        RecordingListener heard = new RecordingListener();
        RecognizerStream stream = open(heard);

        send(stream, join(weather.pcm(), silence(1_000)), 0);
        stream.closeGracefully();

        assertThat(heard.awaitEnding(WAIT)).isInstanceOf(Closed.class);
        assertThat(WordErrorRate.words(heard.finalText())).isEqualTo(WordErrorRate.words(weather.text()));
        assertThat(heard.finals()).last().satisfies(last -> assertThat(last.speechFinal()).isTrue());
        assertFinalsAreConsecutiveAndInside(heard.finals(), weather.pcm().length / 2 + 16_000);
        ConnectionObservation seen = deepgram.emulator().observations().connection(first);
        assertThat(deepgram.connections()).isEqualTo(first + 1);
        assertThat(seen.handshakeStatus()).isEqualTo(101);
        assertThat(seen.header("Authorization")).isEqualTo("Token " + KEY);
        assertThat(seen.queryValues("encoding")).containsExactly("linear16");
        assertThat(seen.queryValues("sample_rate")).containsExactly("16000");
        assertThat(seen.queryValues("interim_results")).containsExactly("true");
        assertThat(seen.queryValues("tag")).containsExactly("contract-it");
        assertThat(seen.emptyBinaryFrame()).as("never the legacy zero-length end of stream").isFalse();
        assertThat(seen.binaryBytes()).isEqualTo(weather.pcm().length + 32_000L);
        assertThat(seen.sent().finalsWithWords()).as("every final the emulator sent reached the listener")
                .isEqualTo(heard.finals().size());
    }

    /**
     * two_sentences (each sentence ended by endpointing: a speech_final final, and for the second
     * also Deepgram's redundant UtteranceEnd after 1 s of silence), then office ended by a
     * Finalize and silence (no speech_final, so its UtteranceEnd is the only end signal).
     */
    @Test
    void interimsFinalsSpeechFinalsAndUtteranceEnds_noDuplicateFinal_andEachUtteranceEndsOnce() throws Exception {
        SpeechFixture twoSentences = SpeechFixture.load("two_sentences");
        SpeechFixture office = SpeechFixture.load("office");
        int first = deepgram.connections();
        RecordingListener heard = new RecordingListener();
        RecognizerStream stream = open(heard);

        long at = send(stream, join(twoSentences.pcm(), silence(1_500), office.pcm()), 0);
        stream.finalizeUtterance();
        send(stream, silence(1_500), at);
        stream.closeGracefully();

        assertThat(heard.awaitEnding(WAIT)).isInstanceOf(Closed.class);
        ConnectionObservation seen = deepgram.emulator().observations().connection(first);
        ConnectionObservation.Sent sent = seen.sent();
        assertThat(WordErrorRate.words(heard.finalText()))
                .as("every word once, in order").isEqualTo(WordErrorRate.words(twoSentences.text() + " " + office.text()));
        assertThat(heard.interims()).as("interims arrived").isNotEmpty();
        assertThat(sent.interims()).isGreaterThanOrEqualTo(heard.interims().size());
        assertThat(heard.finals()).as("one listener final per final with words the emulator sent")
                .hasSize(sent.finalsWithWords());
        assertThat(heard.finals().stream().filter(Hypothesis::speechFinal).count())
                .as("speech_final finals").isEqualTo(sent.speechFinals()).isEqualTo(2);
        assertThat(seen.finalizes()).isOne();
        assertThat(sent.fromFinalize()).isOne();
        List<SpeechEvent> voice = heard.speechEvents();
        assertThat(voice.stream().filter(SpeechEvent.SpeechStarted.class::isInstance).count())
                .as("SpeechStarted per utterance").isEqualTo(sent.speechStarted()).isEqualTo(3);
        long utteranceEnds = voice.stream().filter(SpeechEvent.UtteranceEnded.class::isInstance).count();
        assertThat(sent.utteranceEnds()).as("the emulator also ended a speech-final utterance with UtteranceEnd")
                .isGreaterThan((int) utteranceEnds);
        assertThat(utteranceEnds).as("only office's UtteranceEnd is passed on").isOne();
        assertEachUtteranceEndsExactlyOnce(heard.events(), 3);
    }

    @Test
    void finalizeMidAudio_flushesAFromFinalizeFinal_beforeMoreAudioIsSent() throws Exception {
        SpeechFixture office = SpeechFixture.load("office");
        int first = deepgram.connections();
        RecordingListener heard = new RecordingListener();
        RecognizerStream stream = open(heard);
        byte[] pcm = office.pcm();
        int cut = 22 * CHUNK_BYTES; // 2.2 s: mid-sentence, so endpointing has not ended anything yet

        long at = send(stream, Arrays.copyOfRange(pcm, 0, cut), 0);
        stream.finalizeUtterance();
        Hypothesis flushed = heard.awaitFinal(WAIT);

        assertThat(flushed.isBlank()).isFalse();
        assertThat(flushed.speechFinal()).as("a flush is not the end of speech").isFalse();
        assertThat(flushed.span().end()).as("the flush covers all audio sent").isEqualTo(at);
        ConnectionObservation seen = deepgram.emulator().observations().connection(first);
        assertThat(seen.finalizes()).isOne();
        assertThat(seen.sent().fromFinalize()).as("the emulator marked it from_finalize").isOne();
        assertThat(seen.sent().finalsWithWords()).isOne();
        assertThat(seen.binaryBytes()).as("no audio after the Finalize yet").isEqualTo((long) cut);

        send(stream, Arrays.copyOfRange(pcm, cut, pcm.length), at);
        stream.closeGracefully();

        assertThat(heard.awaitEnding(WAIT)).isInstanceOf(Closed.class);
        ConnectionObservation after = deepgram.emulator().observations().connection(first);
        assertThat(after.sent().fromFinalize()).as("later finals are not from the Finalize").isOne();
        assertThat(heard.finals()).hasSize(after.sent().finalsWithWords()).first().isEqualTo(flushed);
        assertFinalsAreConsecutiveAndInside(heard.finals(), pcm.length / 2);
        assertThat(WordErrorRate.of(office.text(), heard.finalText())).as(heard.finalText()).isLessThanOrEqualTo(0.15);
    }

    @Test
    void closeGracefullyRightAfterTheLastAudio_deliversTheLastFinals_thenOnClosedExactlyOnce() throws Exception {
        SpeechFixture weather = SpeechFixture.load("weather");
        int first = deepgram.connections();
        RecordingListener heard = new RecordingListener();
        RecognizerStream stream = open(heard);

        send(stream, weather.pcm(), 0); // no trailing silence: endpointing cannot end it, only the close
        stream.closeGracefully();
        stream.closeGracefully(); // idempotent

        assertThat(heard.awaitEnding(WAIT)).isInstanceOf(Closed.class);
        assertThat(stream.isOpen()).isFalse();
        assertThat(WordErrorRate.words(heard.finalText())).isEqualTo(WordErrorRate.words(weather.text()));
        await().atMost(WAIT).until(() -> deepgram.emulator().observations().connection(first).ended());
        ConnectionObservation seen = deepgram.emulator().observations().connection(first);
        assertThat(seen.closeStreams()).isOne();
        assertThat(seen.closeCode()).as("Deepgram's graceful end").isEqualTo(1000);
        assertThat(seen.sent().metadata()).isOne();
        List<Event> events = heard.events();
        assertThat(heard.endings()).as("exactly one ending, even after the socket is gone").hasSize(1);
        assertThat(events.getLast()).as("nothing after onClosed").isInstanceOf(Closed.class);
        stream.abort(); // safe after the close, and silent
        assertThat(heard.events()).hasSameSizeAs(events);
    }

    @Test
    void keepAlive_sendsKeepAliveTextFrames_thatTheEmulatorCounts() throws Exception {
        int first = deepgram.connections();
        RecordingListener heard = new RecordingListener();
        RecognizerStream stream = open(heard);

        stream.keepAlive();
        stream.keepAlive();
        stream.keepAlive();

        await().atMost(WAIT).until(() -> deepgram.emulator().observations().connection(first).keepAlives() == 3);
        stream.closeGracefully();
        assertThat(heard.awaitEnding(WAIT)).isInstanceOf(Closed.class);
        ConnectionObservation seen = deepgram.emulator().observations().connection(first);
        assertThat(seen.keepAlives()).isEqualTo(3);
        assertThat(seen.binaryFrames()).as("KeepAlive as a binary frame would be taken for audio").isZero();
        assertThat(seen.otherTexts()).isZero();
        assertThat(heard.finals()).isEmpty();
    }

    @Test
    void aWrongKey_failsTheOpen_notRetryable_withProviderRejectedAndNoKeyInTheMessage() throws Exception {
        int first = deepgram.connections();
        String wrongKey = "wrong-key-6f1c";
        RecordingListener heard = new RecordingListener();
        try (DeepgramRecognizerAdapter wrong = DeepgramRecognizerAdapter.start(settings(wrongKey))) {
            assertThatThrownBy(() -> wrong.openStream(request(), heard).get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(RecognizerException.class,
                            failure -> {
                                assertThat(failure.isRetryable()).isFalse();
                                assertThat(failure.clientError().code()).isEqualTo(ErrorCode.PROVIDER_REJECTED);
                                assertThat(failure.clientError().message()).doesNotContain(wrongKey);
                            });
        }
        assertThat(deepgram.emulator().observations().connection(first).handshakeStatus()).isEqualTo(401);
        assertThat(heard.events()).as("a stream that never opened reports nothing").isEmpty();
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static RecognizerStream open(RecordingListener listener) throws Exception {
        return adapter.openStream(request(), listener).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static RecognizerStreamRequest request() {
        return new RecognizerStreamRequest(new SessionId("contract-" + SESSIONS.incrementAndGet() + "-it"),
                new StreamOptions(FORMAT, true, "en", 65_536, true));
    }

    /** Sends {@code pcm} in 100 ms chunks starting at {@code startSample}; returns the sample after it. */
    private static long send(RecognizerStream stream, byte[] pcm, long startSample) {
        long sample = startSample;
        for (int offset = 0; offset < pcm.length; offset += CHUNK_BYTES) {
            PcmChunk chunk = new PcmChunk(sample, Arrays.copyOfRange(pcm, offset, Math.min(pcm.length,
                    offset + CHUNK_BYTES)), FORMAT);
            stream.sendAudio(chunk);
            sample += chunk.sampleCount();
        }
        return sample;
    }

    private static byte[] silence(int millis) {
        return new byte[millis * 32];
    }

    private static byte[] join(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(part -> part.length).sum();
        byte[] joined = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, offset, part.length);
            offset += part.length;
        }
        return joined;
    }

    /** Finals cover consecutive windows that never overlap, within the audio sent. */
    private static void assertFinalsAreConsecutiveAndInside(List<Hypothesis> finals, long audioSamples) {
        long previousEnd = 0;
        for (Hypothesis result : finals) {
            assertThat(result.span().start()).as("%s starts where the last final ended", result)
                    .isGreaterThanOrEqualTo(previousEnd);
            assertThat(result.span().end()).isLessThanOrEqualTo(audioSamples);
            previousEnd = result.span().end();
        }
    }

    /**
     * Walks the listener's calls: an utterance opens with its first final words and must be
     * ended exactly once, by a speech-final final or by an UtteranceEnded, never both; an
     * UtteranceEnded with no open utterance would be a second end for one already ended.
     */
    private static void assertEachUtteranceEndsExactlyOnce(List<Event> events, int utterances) {
        boolean open = false;
        int ends = 0;
        for (Event event : events) {
            if (event instanceof Heard(Hypothesis result) && result.isFinal()) {
                open = !result.speechFinal();
                ends += result.speechFinal() ? 1 : 0;
            } else if (event instanceof Voice(SpeechEvent.UtteranceEnded ended)) {
                assertThat(open).as("UtteranceEnded at %d ends an utterance nothing ended yet; calls: %s",
                        ended.sample(), events).isTrue();
                open = false;
                ends++;
            }
        }
        assertThat(open).as("the last utterance was ended").isFalse();
        assertThat(ends).as("end signals, one per utterance").isEqualTo(utterances);
    }
}
