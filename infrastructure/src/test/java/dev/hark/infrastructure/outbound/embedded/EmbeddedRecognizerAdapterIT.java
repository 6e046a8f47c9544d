package dev.hark.infrastructure.outbound.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.session.StreamOptions;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.Word;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The real PocketSphinx engine over the committed speech fixtures (testdata/speech). */
class EmbeddedRecognizerAdapterIT {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRecognizerAdapterIT.class);
    private static final AudioFormat FORMAT = AudioFormat.linear16Mono(16_000);
    private static final int CHUNK_BYTES = 640; // 20 ms
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final ExecutorService decodeExecutor = Executors.newFixedThreadPool(2);
    private final AtomicInteger decodersCreated = new AtomicInteger();
    private EmbeddedRecognizerAdapter adapter;

    @AfterEach
    void tearDown() {
        if (adapter != null) {
            adapter.close();
        }
        decodeExecutor.shutdownNow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"weather", "coffee", "office", "two_sentences"})
    void transcribesFixtureWithinFifteenPercentWer_andTimesWordsMonotonically(String fixture) throws Exception {
        EmbeddedEngineSettings defaults = EmbeddedEngineSettings.defaults();
        adapter = EmbeddedRecognizerAdapter.create(defaults.withCapacity(defaults.capacity().withoutLoadAdmission()),
                decodeExecutor);
        byte[] pcm = pcm(fixture);
        RecordingListener listener = new RecordingListener();

        streamWholeFile(pcm, listener);

        List<Hypothesis> finals = listener.finals();
        String heard = finals.stream().map(Hypothesis::text).collect(Collectors.joining(" "));
        String expected = Files.readString(fixtures().resolve(fixture + ".txt")).strip();
        LOG.info("{}: heard \"{}\" ({} finals, {} interims)", fixture, heard, finals.size(),
                listener.interims().size());
        assertThat(wordErrorRate(expected, heard)).as("WER of \"%s\"", heard).isLessThanOrEqualTo(0.15);
        assertThat(listener.failures()).isEmpty();
        assertThat(listener.overlaps).hasValue(0);
        assertMonotonicWithin(finals, pcm.length / 2);
        if (fixture.equals("two_sentences")) {
            assertThat(finals).as("an utterance end at the pause").hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void refusesSecondStreamWithCapacityExhausted_andReusesTheDecoderAfterClose() throws Exception {
        adapter = countingAdapter(1);
        RecordingListener firstListener = new RecordingListener();
        RecognizerStream first = open(firstListener).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        sendAll(first, pcm("office"));

        CompletableFuture<RecognizerStream> second = open(new RecordingListener());
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> second.get(5, TimeUnit.SECONDS));
        RecognizerException failure = (RecognizerException) refused.getCause();
        assertThat(failure.clientError().code()).isEqualTo(ErrorCode.CAPACITY_EXHAUSTED);
        assertThat(failure.clientError().retryAfter()).isEqualTo(Duration.ofSeconds(2));

        first.closeGracefully();
        await().atMost(WAIT).until(() -> firstListener.closedCount() == 1);
        RecordingListener thirdListener = new RecordingListener();
        RecognizerStream third = open(thirdListener).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        sendAll(third, pcm("weather"));
        third.closeGracefully();
        await().atMost(WAIT).until(() -> thirdListener.closedCount() == 1);

        assertThat(decodersCreated).hasValue(1);
        assertThat(firstListener.finals()).isNotEmpty();
        assertThat(thirdListener.finals()).isNotEmpty();
        // the reused decoder's clock restarts with the new stream
        assertMonotonicWithin(thirdListener.finals(), pcm("weather").length / 2);
        assertThat(thirdListener.finals().getFirst().words().getFirst().span().start()).isLessThan(16_000);
    }

    @Test
    @DisplayName("H30: the real engine, asked for twice its decode capacity, admits that many and refuses the rest at once")
    void admitsItsDecodeCapacity_andRefusesTheRestAtOnce_whenTwiceAsManyStreamsArrive_H30() throws Exception {
        // 0.35 cores at an assumed real-time factor of 0.1: three streams, though six decoders would fit
        CapacitySettings capacity = new CapacitySettings(6, 0, 0.35, 0.1, Duration.ofMillis(500),
                Duration.ofSeconds(2));
        adapter = EmbeddedRecognizerAdapter.create(EmbeddedEngineSettings.defaults().withCapacity(capacity),
                decodeExecutor);
        List<RecordingListener> listeners = new ArrayList<>();
        List<CompletableFuture<RecognizerStream>> opens = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            RecordingListener listener = new RecordingListener();
            listeners.add(listener);
            opens.add(open(listener));
        }

        for (CompletableFuture<RecognizerStream> refused : opens.subList(3, 6)) {
            assertThat(refused).as("refused at once, not after a wait").isCompletedExceptionally();
            RecognizerException failure = (RecognizerException) refused.handle((stream, error) -> error).join();
            assertThat(failure.clientError().code()).isEqualTo(ErrorCode.CAPACITY_EXHAUSTED);
            assertThat(failure.clientError().retryAfter()).isEqualTo(Duration.ofSeconds(2));
            assertThat(failure.clientError().message()).contains("cores");
        }
        assertThat(adapter.refusalFor(FORMAT)).isPresent();
        byte[] office = pcm("office");
        String expected = Files.readString(fixtures().resolve("office.txt")).strip();
        for (int i = 0; i < 3; i++) {
            RecognizerStream stream = opens.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            sendAll(stream, office);
            stream.closeGracefully();
        }
        for (RecordingListener admitted : listeners.subList(0, 3)) {
            await().atMost(WAIT).until(() -> admitted.closedCount() == 1 || !admitted.failures().isEmpty());
            String heard = admitted.finals().stream().map(Hypothesis::text).collect(Collectors.joining(" "));
            assertThat(wordErrorRate(expected, heard)).as("WER of \"%s\"", heard).isLessThanOrEqualTo(0.15);
        }

        EmbeddedEngineLoad load = adapter.load();
        assertThat(load.streams()).isZero();
        assertThat(load.decoders()).isEqualTo(3);
        assertThat(load.realTimeFactor()).as("measured, no longer the assumed 0.1").isNotEqualTo(0.1);
        // the files went in faster than real time: admission waits until the decoders have caught up
        await().atMost(WAIT).until(() -> adapter.refusalFor(FORMAT).isEmpty());
    }

    private void streamWholeFile(byte[] pcm, RecordingListener listener) throws Exception {
        RecognizerStream stream = open(listener).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        sendAll(stream, pcm);
        stream.closeGracefully();
        await().atMost(WAIT).until(() -> listener.closedCount() == 1 || !listener.failures().isEmpty());
    }

    private static void sendAll(RecognizerStream stream, byte[] pcm) {
        for (int offset = 0; offset < pcm.length; offset += CHUNK_BYTES) {
            byte[] chunk = Arrays.copyOfRange(pcm, offset, Math.min(pcm.length, offset + CHUNK_BYTES));
            stream.sendAudio(new PcmChunk(offset / 2, chunk, FORMAT));
        }
    }

    private CompletableFuture<RecognizerStream> open(RecordingListener listener) {
        return adapter.openStream(new RecognizerStreamRequest(new SessionId("it-session-" + listener.hashCode()),
                new StreamOptions(FORMAT, true, "en", 64 * 1024)), listener);
    }

    private EmbeddedRecognizerAdapter countingAdapter(int maxDecoders) {
        EmbeddedEngineSettings defaults = EmbeddedEngineSettings.defaults().withDecoders(maxDecoders, 0);
        EmbeddedEngineSettings settings = defaults.withCapacity(defaults.capacity().withoutLoadAdmission());
        PocketSphinxEngine engine = PocketSphinxEngine.load(settings);
        DecoderPool pool = new DecoderPool(() -> {
            decodersCreated.incrementAndGet();
            return engine.create();
        }, maxDecoders, settings.capacity().retryAfter(), decodeExecutor);
        DecodeCapacity capacity = new DecodeCapacity(settings.capacity().limits(16_000), System::nanoTime,
                ThreadCpu.clock());
        return new EmbeddedRecognizerAdapter(pool, capacity, decodeExecutor, settings.chunk(),
                settings.interimInterval(), settings.maxBacklog(), settings.capacity().retryAfter());
    }

    private static void assertMonotonicWithin(List<Hypothesis> finals, long totalSamples) {
        long previousEnd = 0;
        for (Hypothesis hypothesis : finals) {
            assertThat(hypothesis.words()).isNotEmpty();
            for (Word word : hypothesis.words()) {
                assertThat(word.span().start()).isGreaterThanOrEqualTo(previousEnd);
                assertThat(word.span().end()).isGreaterThan(word.span().start()).isLessThanOrEqualTo(totalSamples);
                assertThat(word.confidence()).isBetween(0.0, 1.0);
                previousEnd = word.span().end();
            }
        }
    }

    static double wordErrorRate(String reference, String hypothesis) {
        String[] ref = reference.isBlank() ? new String[0] : reference.split("\\s+");
        String[] hyp = hypothesis.isBlank() ? new String[0] : hypothesis.split("\\s+");
        int[][] distance = new int[ref.length + 1][hyp.length + 1];
        for (int i = 0; i <= ref.length; i++) {
            distance[i][0] = i;
        }
        for (int j = 0; j <= hyp.length; j++) {
            distance[0][j] = j;
        }
        for (int i = 1; i <= ref.length; i++) {
            for (int j = 1; j <= hyp.length; j++) {
                int substitution = distance[i - 1][j - 1] + (ref[i - 1].equals(hyp[j - 1]) ? 0 : 1);
                distance[i][j] = Math.min(substitution, Math.min(distance[i - 1][j], distance[i][j - 1]) + 1);
            }
        }
        return ref.length == 0 ? hyp.length : distance[ref.length][hyp.length] / (double) ref.length;
    }

    static byte[] pcm(String fixture) throws IOException, UnsupportedAudioFileException {
        try (AudioInputStream audio = AudioSystem.getAudioInputStream(fixtures().resolve(fixture + ".wav").toFile());
             InputStream in = audio) {
            javax.sound.sampled.AudioFormat format = audio.getFormat();
            assertThat(format.getSampleRate()).isEqualTo(16_000f);
            assertThat(format.getChannels()).isEqualTo(1);
            assertThat(format.getSampleSizeInBits()).isEqualTo(16);
            assertThat(format.isBigEndian()).isFalse();
            return in.readAllBytes();
        }
    }

    private static Path fixtures() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("testdata/speech");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("testdata/speech not found above " + Path.of("").toAbsolutePath());
    }
}
