package dev.hark.infrastructure.outbound.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.outbound.store.CreateOutcome;
import dev.hark.application.port.outbound.store.GatewaySessionStorePort;
import dev.hark.application.port.outbound.store.NewSession;
import dev.hark.application.port.outbound.store.NodeId;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.ResumeToken;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.transcript.Hypothesis;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Small builders shared by the store's tests. */
final class StoreFixtures {

    static final AudioFormat FORMAT = AudioFormat.linear16Mono(16_000);
    static final NodeId GATEWAY = new NodeId("gateway-1");
    static final ResumeToken TOKEN = new ResumeToken("token-0123456789abcdef");
    private static final AtomicInteger SESSIONS = new AtomicInteger();

    private StoreFixtures() {
    }

    /** A session id no other test uses, so tests can share one server. */
    static SessionId newSessionId() {
        return new SessionId("store-test-" + System.identityHashCode(StoreFixtures.class) + "-" + SESSIONS.incrementAndGet());
    }

    static NewSession newSession(SessionId id) {
        return new NewSession(id, FORMAT, TOKEN, GATEWAY, Duration.ofSeconds(30), 1000);
    }

    static Generation created(GatewaySessionStorePort gateway, NewSession session) {
        CreateOutcome outcome = await(gateway.create(session));
        assertThat(outcome).isInstanceOf(CreateOutcome.Created.class);
        return ((CreateOutcome.Created) outcome).generation();
    }

    /** {@code samples} of PCM starting at {@code start}; each sample's low byte is its offset mod 256. */
    static PcmChunk chunk(long start, int samples) {
        byte[] pcm = new byte[samples * 2];
        for (int i = 0; i < samples; i++) {
            pcm[2 * i] = (byte) (start + i);
        }
        return new PcmChunk(start, pcm, FORMAT);
    }

    static Hypothesis finalResult(long start, long end) {
        return Hypothesis.finalResult("samples " + start + "-" + end, new SampleSpan(start, end), List.of());
    }

    static Hypothesis interim(long start, long end) {
        return Hypothesis.interim("so far " + start + "-" + end, new SampleSpan(start, end), List.of());
    }

    /** Waits for an outcome; the ports never fail their stages, so a failure here is a bug. */
    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("store call did not complete normally", e);
        }
    }
}
