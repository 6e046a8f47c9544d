package dev.hark.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.inbound.OpenOutcome;
import dev.hark.application.port.inbound.OpenStreamCommand;
import dev.hark.application.port.inbound.ResumeStreamCommand;
import dev.hark.application.port.inbound.StreamHandle;
import dev.hark.application.port.outbound.ClusterMetricsPort;
import dev.hark.application.port.outbound.ServerMessage;
import dev.hark.application.port.outbound.store.AdoptOutcome;
import dev.hark.application.port.outbound.store.ClientJournalPort;
import dev.hark.application.port.outbound.store.JournalFence;
import dev.hark.application.port.outbound.store.JournalOutcome;
import dev.hark.application.port.outbound.store.NodeId;
import dev.hark.application.testing.ManualScheduler;
import dev.hark.application.testing.QueueingExecutor;
import dev.hark.application.testing.RecordingChannel;
import dev.hark.application.testing.RecordingMetrics;
import dev.hark.application.testing.ScriptedRecognizer;
import dev.hark.application.testing.ScriptedStream;
import dev.hark.application.testing.SequentialSecrets;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.ResumeToken;
import dev.hark.domain.session.ResumeTokens;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.session.StreamOptions;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.Transcript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * H33 in gateway role: the client side of a session is journaled before the client hears it, a
 * fenced journal drops the session, and a resume of a session held elsewhere adopts it from the
 * journal. Queueing lanes, a manual scheduler and journal writes the test answers.
 */
class WriteAheadJournalTest {

    private static final StreamOptions OPTIONS = new StreamOptions(AudioFormat.linear16Mono(16_000), false, "en", 65_536);
    private static final NodeId GATEWAY = new NodeId("gateway-b");

    private final ScriptedRecognizer recognizer = new ScriptedRecognizer();
    private final QueueingExecutor lanes = new QueueingExecutor();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final RecordingChannel client = new RecordingChannel();
    private final AnsweredJournal journal = new AnsweredJournal();
    private final StreamingSessionService service = new StreamingSessionService(recognizer, new SequentialSecrets(),
            lanes, scheduler, scheduler, new RecordingMetrics(), SessionSettings.DEFAULTS,
            Optional.of(new ClientJournaling(journal, GATEWAY, Duration.ofMillis(100), Duration.ofSeconds(2),
                    Duration.ofSeconds(30), ClusterMetricsPort.NONE)));

    @Test
    @DisplayName("H33: the journal exists before the first recognizer stream; every final reaches the client only once journaled, in order")
    void nothingReachesTheClientBeforeItIsJournaled_H33() {
        OpenOutcome opened = service.open(new OpenStreamCommand(OPTIONS, "10.0.0.1"), client);
        assertThat(opened).isInstanceOf(OpenOutcome.Opening.class);
        lanes.runAll();
        assertThat(journal.writes()).containsExactly("open");
        assertThat(recognizer.calls()).as("no store session before its journal").isEmpty();
        journal.answer(new JournalOutcome.Journaled());
        lanes.runAll();
        ScriptedStream stream = recognizer.lastCall().succeed();
        lanes.runAll();
        assertThat(client.sent(ServerMessage.SessionStarted.class)).hasSize(1);

        recognizer.lastCall().listener().onHypothesis(finalOf(0, 1_600));
        recognizer.lastCall().listener().onHypothesis(finalOf(1_600, 3_200));
        lanes.runAll();
        assertThat(journal.writes()).containsExactly("open", "final 1");
        assertThat(client.sent(ServerMessage.TranscriptUpdate.class)).isEmpty();

        journal.answer(new JournalOutcome.Journaled());
        lanes.runAll();
        assertThat(journal.writes()).containsExactly("open", "final 1", "final 2");
        assertThat(client.sent(ServerMessage.TranscriptUpdate.class)).extracting(u -> u.transcript().seq())
                .containsExactly(1L);
        journal.answer(new JournalOutcome.Journaled());
        lanes.runAll();
        assertThat(client.sent(ServerMessage.TranscriptUpdate.class)).extracting(u -> u.transcript().seq())
                .containsExactly(1L, 2L);
        assertThat(stream.aborts()).isZero();
    }

    @Test
    @DisplayName("H33: a fenced journal write (another gateway adopted the session) drops it: nothing delivered, taken over, no more writes")
    void aFencedWriteDropsTheSessionAsTakenOver_H33() {
        ScriptedStream stream = open();
        recognizer.lastCall().listener().onHypothesis(finalOf(0, 1_600));
        lanes.runAll();

        journal.answer(new JournalOutcome.Fenced(2));
        lanes.runAll();

        assertThat(client.sent(ServerMessage.TranscriptUpdate.class)).isEmpty();
        assertThat(client.closes()).containsExactly(ErrorCode.SESSION_TAKEN_OVER.name());
        assertThat(service.activeSessions()).isZero();
        assertThat(stream.aborts()).isEqualTo(1);
        assertThat(journal.writes()).as("the journal is left to its new holder").containsExactly("open", "final 1");
    }

    @Test
    @DisplayName("H33: a resume of a session held elsewhere adopts it: tokens journaled, then resumed at the journal's watermark, kept finals replayed, numbering goes on")
    void aResumeOfAnUnknownSessionAdoptsItFromTheJournal_H33() {
        SessionId id = new SessionId("adopted-session-1");
        ResumeToken token = new ResumeToken("presented-token-0123456789");
        journal.adoption = new AdoptOutcome.Adopted(new JournalFence(GATEWAY, 2), OPTIONS, new Generation(3), 3, 16_000,
                List.of(new Transcript(2, finalOf(8_000, 12_800)), new Transcript(3, finalOf(12_800, 16_000))));

        CompletableFuture<OpenOutcome> outcome = service.resume(new ResumeStreamCommand(id, token.value(), 2,
                "10.0.0.2"), client).toCompletableFuture();
        lanes.runAll();
        assertThat(outcome.join()).isInstanceOf(OpenOutcome.Opening.class);
        assertThat(journal.writes()).containsExactly("adopt", "tokens gen 4");
        assertThat(client.sent()).as("the new token is journaled before the client learns it").isEmpty();

        journal.answer(new JournalOutcome.Journaled());
        lanes.runAll();
        ServerMessage.SessionResumed resumed = client.sent(ServerMessage.SessionResumed.class).getFirst();
        assertThat(resumed.generation()).isEqualTo(new Generation(4));
        assertThat(resumed.audioEndSamples()).as("the client resends from the last journaled final's end").isEqualTo(16_000);
        assertThat(client.sent(ServerMessage.TranscriptUpdate.class)).extracting(u -> u.transcript().seq())
                .containsExactly(3L);

        ScriptedStream reopened = recognizer.lastCall().succeed();
        lanes.runAll();
        StreamHandle handle = ((OpenOutcome.Opening) outcome.join()).handle();
        service.pushAudio(handle, new byte[3_200], () -> { });
        lanes.runAll();
        assertThat(reopened.audio()).extracting(PcmChunk::span).containsExactly(new SampleSpan(0, 1_600));
        assertThat(journal.writes()).as("the first message commits the rotation").containsExactly("adopt",
                "tokens gen 4", "tokens gen 4");
        journal.answer(new JournalOutcome.Journaled());
        recognizer.lastCall().listener().onHypothesis(finalOf(0, 1_600));
        lanes.runAll();
        journal.answer(new JournalOutcome.Journaled());
        lanes.runAll();

        assertThat(client.sent(ServerMessage.SessionStarted.class)).as("not announced again").isEmpty();
        assertThat(client.sent(ServerMessage.TranscriptUpdate.class))
                .extracting(u -> u.transcript().seq() + " " + u.transcript().hypothesis().span())
                .containsExactly("3 " + new SampleSpan(12_800, 16_000), "4 " + new SampleSpan(16_000, 17_600));
    }

    private ScriptedStream open() {
        OpenOutcome outcome = service.open(new OpenStreamCommand(OPTIONS, "10.0.0.1"), client);
        assertThat(outcome).isInstanceOf(OpenOutcome.Opening.class);
        lanes.runAll();
        journal.answer(new JournalOutcome.Journaled());
        lanes.runAll();
        ScriptedStream stream = recognizer.lastCall().succeed();
        lanes.runAll();
        return stream;
    }

    private static Hypothesis finalOf(long start, long end) {
        return Hypothesis.finalResult("samples " + start, new SampleSpan(start, end), List.of());
    }

    /** Records each write and leaves it unanswered until the test answers the oldest. */
    private static final class AnsweredJournal implements ClientJournalPort {
        private final List<String> writes = new ArrayList<>();
        private final List<CompletableFuture<JournalOutcome>> pending = new ArrayList<>();
        AdoptOutcome adoption;

        synchronized List<String> writes() {
            return List.copyOf(writes);
        }

        synchronized void answer(JournalOutcome outcome) {
            pending.removeFirst().complete(outcome);
        }

        private synchronized CompletionStage<JournalOutcome> write(String what) {
            writes.add(what);
            CompletableFuture<JournalOutcome> answer = new CompletableFuture<>();
            pending.add(answer);
            return answer;
        }

        @Override
        public CompletionStage<JournalOutcome> open(SessionId id, NodeId gateway, String keyName, StreamOptions options,
                                                    Generation generation, ResumeToken token, int outboxCapacity) {
            return write("open");
        }

        @Override
        public CompletionStage<JournalOutcome> recordFinal(SessionId id, JournalFence fence, Transcript transcript) {
            return write("final " + transcript.seq());
        }

        @Override
        public CompletionStage<JournalOutcome> recordTokens(SessionId id, JournalFence fence, Generation generation,
                                                            ResumeTokens tokens) {
            return write("tokens gen " + generation.value());
        }

        @Override
        public CompletionStage<JournalOutcome> end(SessionId id, JournalFence fence) {
            return write("end");
        }

        @Override
        public synchronized CompletionStage<AdoptOutcome> adopt(SessionId id, NodeId gateway, ResumeToken presented,
                                                                String keyName, Duration retireTtl) {
            writes.add("adopt");
            return CompletableFuture.completedFuture(adoption);
        }
    }
}
