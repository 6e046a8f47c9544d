package dev.hark.infrastructure.outbound.deepgram;

import static dev.hark.infrastructure.outbound.deepgram.DeepgramJson.results;
import static dev.hark.infrastructure.outbound.deepgram.DeepgramJson.word;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.session.StreamOptions;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.SpeechEvent;
import dev.hark.domain.transcript.Word;
import dev.hark.infrastructure.outbound.deepgram.ScriptedDeepgramServer.Connection;
import dev.hark.infrastructure.outbound.deepgram.ScriptedDeepgramServer.Frame;
import dev.hark.infrastructure.outbound.deepgram.ScriptedDeepgramServer.Handshake;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter against a scripted Deepgram on loopback: what goes over the wire, and what the
 * listener hears for each thing Deepgram can say or do.
 */
class DeepgramRecognizerAdapterIT {

    static final SessionId SESSION = new SessionId("session-0001");
    static final AudioFormat FORMAT = AudioFormat.linear16Mono(16_000);
    static final Duration WAIT = Duration.ofSeconds(ScriptedDeepgramServer.WAIT_SECONDS);

    private ScriptedDeepgramServer server;
    private DeepgramRecognizerAdapter adapter;
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void startServer() throws Exception {
        server = new ScriptedDeepgramServer();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (adapter != null) {
            adapter.close();
        }
        server.close();
        assertThat(listener.overlaps).as("overlapping listener calls").hasValue(0);
        assertThat(listener.afterTerminal).as("listener calls after the terminal one").hasValue(0);
    }

    static RecognizerStreamRequest request(boolean interims, String language) {
        return new RecognizerStreamRequest(SESSION, new StreamOptions(FORMAT, interims, language, 64_000));
    }

    private RecognizerStream open(TestSettings settings) throws Exception {
        adapter = DeepgramRecognizerAdapter.start(settings.build());
        return ScriptedDeepgramServer.await(adapter.openStream(request(true, "en"), listener));
    }

    private static PcmChunk chunk(long start, int bytes) {
        return new PcmChunk(start, new byte[bytes], FORMAT);
    }

    // ---- the upgrade -----------------------------------------------------------------------

    @Test
    void upgradesAtV1Listen_withTheQueryAndTheTokenHeader() throws Exception {
        adapter = DeepgramRecognizerAdapter.start(TestSettings.forServer(server.baseUrl())
                .keyterms("Hark", "speech to text").tags("it", "demo").build());

        ScriptedDeepgramServer.await(adapter.openStream(request(true, "de"), listener));
        Handshake handshake = server.nextHandshake();

        assertThat(handshake.path()).isEqualTo("/v1/listen");
        assertThat(handshake.header("Authorization")).isEqualTo("Token " + TestSettings.API_KEY);
        assertThat(handshake.param("model")).containsExactly("nova-3");
        assertThat(handshake.param("language")).containsExactly("de");
        assertThat(handshake.param("encoding")).containsExactly("linear16");
        assertThat(handshake.param("sample_rate")).containsExactly("16000");
        assertThat(handshake.param("channels")).containsExactly("1");
        assertThat(handshake.param("interim_results")).containsExactly("true");
        assertThat(handshake.param("punctuate")).containsExactly("true");
        assertThat(handshake.param("smart_format")).containsExactly("false");
        assertThat(handshake.param("endpointing")).containsExactly("300");
        assertThat(handshake.param("utterance_end_ms")).containsExactly("1000");
        assertThat(handshake.param("vad_events")).containsExactly("true");
        assertThat(handshake.param("keyterm")).containsExactly("Hark", "speech to text");
        assertThat(handshake.param("tag")).containsExactly("it", "demo");
    }

    @Test
    void sendsThePinnedLanguage_insteadOfTheClients() throws Exception {
        adapter = DeepgramRecognizerAdapter.start(TestSettings.forServer(server.baseUrl()).language("multi").build());

        ScriptedDeepgramServer.await(adapter.openStream(request(true, "de"), listener));

        assertThat(server.nextHandshake().param("language")).containsExactly("multi");
    }

    @Test
    void opensAStreamThatIsOpen_andHearsNothingYet() throws Exception {
        RecognizerStream stream = open(TestSettings.forServer(server.baseUrl()));

        assertThat(stream.isOpen()).isTrue();
        assertThat(listener.calls()).isZero();
    }

    // ---- audio and control frames -------------------------------------------------------------

    @Test
    void sendsAudioAsBinaryFrames_neverAnEmptyOne() throws Exception {
        RecognizerStream stream = open(TestSettings.forServer(server.baseUrl()));
        Connection connection = server.nextConnection();

        stream.sendAudio(chunk(0, 0));
        stream.sendAudio(chunk(0, 3200));
        stream.sendAudio(chunk(1600, 0));
        stream.keepAlive();

        Frame audio = connection.nextFrame();
        assertThat(audio.isText()).isFalse();
        assertThat(audio.bytes()).hasSize(3200);
        assertThat(connection.nextFrame().text()).as("the next frame after the only audio")
                .isEqualTo("{\"type\":\"KeepAlive\"}");
    }

    @Test
    void sendsFinalizeAndKeepAlive_asTextFramesWithTheExactJson() throws Exception {
        RecognizerStream stream = open(TestSettings.forServer(server.baseUrl()));
        Connection connection = server.nextConnection();

        stream.finalizeUtterance();
        stream.keepAlive();

        Frame finalize = connection.nextFrame();
        Frame keepAlive = connection.nextFrame();
        assertThat(finalize.isText()).isTrue();
        assertThat(finalize.text()).isEqualTo("{\"type\":\"Finalize\"}");
        assertThat(keepAlive.isText()).isTrue();
        assertThat(keepAlive.text()).isEqualTo("{\"type\":\"KeepAlive\"}");
        assertThat(stream.isOpen()).isTrue();
    }

    // ---- what Deepgram says -------------------------------------------------------------------

    @Test
    void mapsResults_interimFinalAndSpeechFinal_withPunctuatedWordsInSamples() throws Exception {
        open(TestSettings.forServer(server.baseUrl()));
        Connection connection = server.nextConnection();

        connection.send(results(0.0, 1.0, false, false, "tell me", word("tell", "Tell", 0.25, 0.5, 0.8)));
        connection.send(results(0.0, 1.5, true, false, "Tell me", word("tell", "Tell", 0.25, 0.5, 0.99),
                word("me", "me", 0.5, 0.75, 0.98)));
        connection.send(results(1.5, 0.5, true, true, "more.", word("more", "more.", 1.5, 1.8125, 0.97)));

        await().atMost(WAIT).until(() -> listener.hypotheses().size() == 3);
        assertThat(listener.hypotheses()).containsExactly(
                Hypothesis.interim("tell me", new SampleSpan(0, 16_000),
                        java.util.List.of(new Word("Tell", new SampleSpan(4_000, 8_000), 0.8))),
                Hypothesis.finalResult("Tell me", new SampleSpan(0, 24_000), java.util.List.of(
                        new Word("Tell", new SampleSpan(4_000, 8_000), 0.99),
                        new Word("me", new SampleSpan(8_000, 12_000), 0.98))),
                Hypothesis.speechFinal("more.", new SampleSpan(24_000, 32_000),
                        java.util.List.of(new Word("more.", new SampleSpan(24_000, 29_000), 0.97))));
        assertThat(listener.progress).containsExactly(16_000L, 24_000L, 32_000L);
    }

    @Test
    void emptyInterimsAndFinals_areNotDelivered_butReportProgress() throws Exception {
        open(TestSettings.forServer(server.baseUrl()));
        Connection connection = server.nextConnection();

        connection.send(results(0.0, 1.08, false, false, ""));
        connection.send(results(0.0, 2.0, true, true, ""));
        connection.send(DeepgramJson.metadata(2.0));
        connection.send(results(2.0, 1.0, true, false, "after"));

        await().atMost(WAIT).until(() -> listener.hypotheses().size() == 1);
        assertThat(listener.hypotheses()).extracting(Hypothesis::text).containsExactly("after");
        assertThat(listener.progress).containsExactly(17_280L, 32_000L, 48_000L);
    }

    @Test
    void reportsSpeechStarted_atItsSample() throws Exception {
        open(TestSettings.forServer(server.baseUrl()));
        Connection connection = server.nextConnection();

        connection.send(DeepgramJson.speechStarted(0.5));

        await().atMost(WAIT).until(() -> !listener.events.isEmpty());
        assertThat(listener.events).containsExactly(new SpeechEvent.SpeechStarted(8_000));
    }

    @Test
    void reportsUtteranceEnd_onlyForAnUtteranceNoSpeechFinalEnded() throws Exception {
        open(TestSettings.forServer(server.baseUrl()));
        Connection connection = server.nextConnection();

        connection.send(results(0.0, 1.0, true, true, "one", word("one", "One.", 0.2, 0.5, 0.9)));
        connection.send(DeepgramJson.utteranceEnd(0.5));
        connection.send(results(1.0, 1.0, true, false, "two", word("two", "Two", 1.2, 1.5, 0.9)));
        connection.send(DeepgramJson.utteranceEnd(1.5));
        connection.send(DeepgramJson.speechStarted(3.0));

        await().atMost(WAIT).until(() -> listener.events.size() == 4);
        assertThat(listener.events).extracting(event -> event instanceof Hypothesis h ? h.text() : event)
                .containsExactly("one", "two", new SpeechEvent.UtteranceEnded(24_000),
                        new SpeechEvent.SpeechStarted(48_000));
    }

    // ---- the port's constants -----------------------------------------------------------------

    @Test
    void chunksWithinDeepgramsFrameRange_andReplaysAtMostOneAndAQuarterTimesRealTime() throws Exception {
        adapter = DeepgramRecognizerAdapter.start(TestSettings.forServer(server.baseUrl()).build());

        assertThat(adapter.chunking().minChunk()).isEqualTo(Duration.ofMillis(100))
                .isBetween(Duration.ofMillis(20), Duration.ofMillis(250));
        assertThat(adapter.chunking().maxLatency()).isEqualTo(Duration.ofMillis(250));
        assertThat(adapter.maxReplaySpeed()).isEqualTo(1.25);
    }

    @Test
    void takesEveryEncodingAtAnyRate_monoOrStereo_asItIs_refusesMoreChannels() throws Exception {
        adapter = DeepgramRecognizerAdapter.start(TestSettings.forServer(server.baseUrl()).build());

        assertThat(adapter.refusalFor(AudioFormat.linear16Mono(8_000))).isEmpty();
        assertThat(adapter.refusalFor(AudioFormat.linear16Mono(48_000))).isEmpty();
        assertThat(adapter.refusalFor(new AudioFormat(dev.hark.domain.audio.AudioEncoding.MULAW, 8_000, 1))).isEmpty();
        assertThat(adapter.refusalFor(new AudioFormat(dev.hark.domain.audio.AudioEncoding.LINEAR16, 44_100, 2)))
                .isEmpty();
        AudioFormat mulaw = new AudioFormat(dev.hark.domain.audio.AudioEncoding.MULAW, 8_000, 1);
        assertThat(adapter.nativeFormatFor(mulaw)).as("passed through untouched").isEqualTo(mulaw);
        assertThat(adapter.refusalFor(new AudioFormat(dev.hark.domain.audio.AudioEncoding.LINEAR16, 16_000, 3)))
                .get().extracting(error -> error.code()).isEqualTo(ErrorCode.UNSUPPORTED_AUDIO_FORMAT);
    }

    @Test
    void refusesToOpenAThreeChannelStream_withoutConnecting() throws Exception {
        adapter = DeepgramRecognizerAdapter.start(TestSettings.forServer(server.baseUrl()).build());
        RecognizerStreamRequest stereo = new RecognizerStreamRequest(SESSION, new StreamOptions(
                new AudioFormat(dev.hark.domain.audio.AudioEncoding.LINEAR16, 16_000, 3), true, "en", 64_000));

        CompletableFuture<RecognizerStream> opened = adapter.openStream(stereo, listener);

        assertThat(opened).isCompletedExceptionally();
        assertThat(opened.handle((s, e) -> ((RecognizerException) e).clientError().code()).get(1, TimeUnit.SECONDS))
                .isEqualTo(ErrorCode.UNSUPPORTED_AUDIO_FORMAT);
        assertThat(server.pendingHandshakes()).isZero();
    }
}
