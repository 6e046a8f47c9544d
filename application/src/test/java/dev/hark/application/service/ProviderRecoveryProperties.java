package dev.hark.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.inbound.OpenOutcome;
import dev.hark.application.port.inbound.OpenStreamCommand;
import dev.hark.application.port.inbound.StreamHandle;
import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.application.port.outbound.ServerMessage;
import dev.hark.application.port.outbound.SpeechRecognizerPort;
import dev.hark.application.testing.ManualScheduler;
import dev.hark.application.testing.QueueingExecutor;
import dev.hark.application.testing.RecordingChannel;
import dev.hark.application.testing.RecordingMetrics;
import dev.hark.application.testing.SequentialSecrets;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.StreamOptions;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.Transcript;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * H23 as a property: whatever points the recognizer stream is killed at, the finals the client
 * receives tile the session's audio clock exactly once, in order, with consecutive seqs.
 */
class ProviderRecoveryProperties {

    @Property(tries = 500)
    void finalsCoverAllAudioExactlyOnce_whateverPointsTheStreamIsKilledAt(
            @ForAll @IntRange(min = 1, max = 60) int chunks,
            @ForAll @IntRange(min = 1, max = 6) int chunksPerFinal,
            @ForAll @Size(max = 3) Set<@IntRange(min = 1, max = 60) Integer> killAfterChunks) {
        EchoRecognizer recognizer = new EchoRecognizer(chunksPerFinal, killAfterChunks);
        QueueingExecutor lanes = new QueueingExecutor();
        ManualScheduler scheduler = new ManualScheduler();
        RecordingChannel channel = new RecordingChannel();
        StreamingSessionService service = new StreamingSessionService(recognizer, new SequentialSecrets(), lanes,
                scheduler, scheduler, new RecordingMetrics(), SessionSettings.DEFAULTS);
        OpenOutcome outcome = service.open(new OpenStreamCommand(
                new StreamOptions(AudioFormat.linear16Mono(16_000), false, "en", 65_536), "10.0.0.1"), channel);
        StreamHandle handle = ((OpenOutcome.Opening) outcome).handle();
        lanes.runAll();

        for (int i = 0; i < chunks; i++) {
            service.pushAudio(handle, new byte[320]);
            lanes.runAll();
            scheduler.advance(RecoverySettings.DEFAULTS.maxBackoff().multipliedBy(2));
            lanes.runAll();
        }
        service.closeStream(handle);
        lanes.runAll();
        // a kill during the replay schedules yet another reconnect: keep time moving until the end
        for (int step = 0; step < 10 && service.activeSessions() > 0; step++) {
            scheduler.advance(RecoverySettings.DEFAULTS.maxBackoff().multipliedBy(2));
            lanes.runAll();
        }

        assertThat(channel.sent(ServerMessage.ErrorNotice.class)).isEmpty();
        assertThat(channel.sent().getLast()).isInstanceOf(ServerMessage.SessionClosed.class);
        List<Transcript> finals = channel.sent(ServerMessage.TranscriptUpdate.class).stream()
                .map(ServerMessage.TranscriptUpdate::transcript).toList();
        long covered = 0;
        for (int i = 0; i < finals.size(); i++) {
            Transcript transcript = finals.get(i);
            assertThat(transcript.seq()).isEqualTo(i + 1);
            assertThat(transcript.hypothesis().span().start()).as("no gap, no overlap").isEqualTo(covered);
            covered = transcript.hypothesis().span().end();
        }
        assertThat(covered).as("every sample covered by exactly one final").isEqualTo(chunks * 160L);
    }

    @net.jqwik.api.Example
    void killedAgainDuringTheReplay_stillClosesWithEverythingOnce() {
        finalsCoverAllAudioExactlyOnce_whateverPointsTheStreamIsKilledAt(4, 1, new java.util.HashSet<>(Set.of(4, 5)));
    }

    /**
     * A recognizer whose streams emit a final for every {@code chunksPerFinal} chunks, covering
     * everything since their last final on their own clock, and which die (retryably) when the
     * session-wide chunk count hits a kill point.
     */
    private static final class EchoRecognizer implements SpeechRecognizerPort {
        private final int chunksPerFinal;
        private final Set<Integer> killPoints;
        private int chunksSeen;

        EchoRecognizer(int chunksPerFinal, Set<Integer> killPoints) {
            this.chunksPerFinal = chunksPerFinal;
            this.killPoints = killPoints;
        }

        @Override
        public Optional<ClientError> refusalFor(AudioFormat format) {
            return Optional.empty();
        }

        @Override
        public CompletableFuture<RecognizerStream> openStream(RecognizerStreamRequest request, RecognitionListener listener) {
            return CompletableFuture.completedFuture(new EchoStream(listener));
        }

        private final class EchoStream implements RecognizerStream {
            private final RecognitionListener listener;
            private final List<PcmChunk> unfinalized = new ArrayList<>();
            private long received;
            private long finalizedThrough;
            private boolean open = true;

            EchoStream(RecognitionListener listener) {
                this.listener = listener;
            }

            @Override
            public void sendAudio(PcmChunk chunk) {
                if (!open) {
                    return;
                }
                assertThat(chunk.startSample()).as("contiguous on the stream's clock").isEqualTo(received);
                received = chunk.span().end();
                unfinalized.add(chunk);
                if (killPoints.remove(++chunksSeen)) {
                    open = false;
                    listener.onFailed(RecognizerException.retryable(
                            ClientError.of(ErrorCode.PROVIDER_ERROR, "killed"), null));
                    return;
                }
                listener.onProgress(received);
                if (unfinalized.size() >= chunksPerFinal) {
                    emitFinal();
                }
            }

            private void emitFinal() {
                if (received > finalizedThrough) {
                    listener.onHypothesis(Hypothesis.finalResult("w", new SampleSpan(finalizedThrough, received), List.of()));
                    finalizedThrough = received;
                }
                unfinalized.clear();
            }

            @Override
            public void finalizeUtterance() {
                emitFinal();
            }

            @Override
            public void closeGracefully() {
                if (open) {
                    emitFinal();
                    open = false;
                    listener.onClosed();
                }
            }

            @Override
            public void abort() {
                open = false;
            }

            @Override
            public boolean isOpen() {
                return open;
            }
        }
    }
}
