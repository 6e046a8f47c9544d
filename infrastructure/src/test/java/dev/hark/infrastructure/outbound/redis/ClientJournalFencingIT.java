package dev.hark.infrastructure.outbound.redis;

import static dev.hark.infrastructure.outbound.redis.StoreFixtures.TOKEN;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.await;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.chunk;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.finalResult;
import static dev.hark.infrastructure.outbound.redis.StoreFixtures.newSessionId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.outbound.store.AdoptOutcome;
import dev.hark.application.port.outbound.store.AppendOutcome;
import dev.hark.application.port.outbound.store.CreateOutcome;
import dev.hark.application.port.outbound.store.InspectOutcome;
import dev.hark.application.port.outbound.store.JournalFence;
import dev.hark.application.port.outbound.store.JournalOutcome;
import dev.hark.application.port.outbound.store.NewSession;
import dev.hark.application.port.outbound.store.NodeId;
import dev.hark.application.port.outbound.store.NodeRole;
import dev.hark.application.port.outbound.store.NotFound;
import dev.hark.application.port.outbound.store.PublishOutcome;
import dev.hark.application.port.outbound.store.SessionEnded;
import dev.hark.application.port.outbound.store.SessionPhase;
import dev.hark.application.port.outbound.store.StaleGeneration;
import dev.hark.application.port.outbound.store.TakeOverOutcome;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.ResumeToken;
import dev.hark.domain.session.ResumeTokens;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.session.StreamOptions;
import dev.hark.domain.transcript.Transcript;
import dev.hark.infrastructure.testing.redis.RedisServerProcess;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** H33: the client journal's functions with a stale gateway, against a real redis-server shared by the class. */
class ClientJournalFencingIT {

    private static final NodeId GATEWAY_A = new NodeId("journal-gateway-a");
    private static final NodeId GATEWAY_B = new NodeId("journal-gateway-b");
    private static final NodeId WORKER = new NodeId("journal-worker");
    private static final StreamOptions OPTIONS = new StreamOptions(StoreFixtures.FORMAT, true, "en", 64_000, true);
    private static final ResumeToken NEXT = new ResumeToken("token-next-0123456789abcdef");

    private static RedisServerProcess redis;
    private static RedisConnections connections;
    private static LettuceClientJournalAdapter journal;
    private static LettuceGatewayStoreAdapter store;
    private static LettuceWorkerStoreAdapter worker;

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
        connections = RedisConnections.open(RedisSettings.defaults(redis.uri()));
        journal = new LettuceClientJournalAdapter(connections);
        store = new LettuceGatewayStoreAdapter(connections);
        worker = new LettuceWorkerStoreAdapter(connections, WORKER);
        await(new LettuceLeaseAdapter(connections).acquire(NodeRole.WORKER, WORKER, Duration.ofMinutes(5)));
    }

    @AfterAll
    static void stopRedis() {
        worker.close();
        store.close();
        connections.close();
        redis.close();
    }

    @Test
    @DisplayName("H33: after an adoption the old holder's writes are refused and the journal is what it was")
    void adoptionFencesTheOldHolder_H33() {
        SessionId id = opened();
        JournalFence a = JournalFence.opener(GATEWAY_A);
        assertThat(await(journal.recordFinal(id, a, finalOf(1, 0, 1600)))).isInstanceOf(JournalOutcome.Journaled.class);
        assertThat(await(journal.recordFinal(id, a, finalOf(1, 0, 1600)))).as("a retried write")
                .isInstanceOf(JournalOutcome.Journaled.class);

        AdoptOutcome.Adopted adopted = (AdoptOutcome.Adopted) await(journal.adopt(id, GATEWAY_B, TOKEN, "key-1",
                Duration.ofSeconds(30)));
        assertThat(adopted.fence()).isEqualTo(new JournalFence(GATEWAY_B, 2));
        assertThat(adopted.options()).isEqualTo(OPTIONS);
        assertThat(adopted.lastSeq()).isEqualTo(1);
        assertThat(adopted.watermark()).isEqualTo(1600);
        assertThat(adopted.finals()).containsExactly(finalOf(1, 0, 1600));

        assertThat(await(journal.recordFinal(id, a, finalOf(2, 1600, 3200)))).isInstanceOf(JournalOutcome.Fenced.class);
        assertThat(await(journal.recordTokens(id, a, new Generation(2), ResumeTokens.settled(NEXT))))
                .isInstanceOf(JournalOutcome.Fenced.class);
        assertThat(await(journal.end(id, a))).isInstanceOf(JournalOutcome.Fenced.class);
        assertThat(await(journal.recordFinal(id, adopted.fence(), finalOf(2, 1600, 3200))))
                .isInstanceOf(JournalOutcome.Journaled.class);
        assertThat(await(journal.end(id, adopted.fence()))).isInstanceOf(JournalOutcome.Journaled.class);
        assertThat(await(journal.adopt(id, GATEWAY_A, TOKEN, "key-1", Duration.ofSeconds(30))))
                .as("an ended session is gone").isInstanceOf(NotFound.class);
    }

    @Test
    @DisplayName("H33: adoption takes the current or the pending token and the opening key only")
    void adoptionChecksTokenAndKey_H33() {
        SessionId id = opened();
        assertThat(await(journal.adopt(id, GATEWAY_B, NEXT, "key-1", Duration.ofSeconds(30))))
                .isInstanceOf(AdoptOutcome.Denied.class);
        assertThat(await(journal.adopt(id, GATEWAY_B, TOKEN, "key-2", Duration.ofSeconds(30))))
                .isInstanceOf(AdoptOutcome.OtherKey.class);
        assertThat(await(journal.recordTokens(id, JournalFence.opener(GATEWAY_A), new Generation(2),
                ResumeTokens.settled(TOKEN).rotate(TOKEN.value(), NEXT, new Generation(2)))))
                .isInstanceOf(JournalOutcome.Journaled.class);
        AdoptOutcome.Adopted adopted = (AdoptOutcome.Adopted) await(journal.adopt(id, GATEWAY_B, NEXT, "key-1",
                Duration.ofSeconds(30)));
        assertThat(adopted.generation()).isEqualTo(new Generation(2));
        assertThat(await(journal.adopt(id, GATEWAY_A, TOKEN, "key-1", Duration.ofSeconds(30))))
                .as("the committed token still resumes while the rotation is pending")
                .isInstanceOf(AdoptOutcome.Adopted.class);
    }

    @Test
    @DisplayName("H33: adoption retires the old holder's store session; the old holder can open no other")
    void adoptionRetiresTheOldStoreSession_H33() {
        SessionId client = opened();
        SessionId storeSession = newSessionId();
        Generation gen = ((CreateOutcome.Created) await(store.create(new NewSession(storeSession, StoreFixtures.FORMAT,
                TOKEN, GATEWAY_A, Duration.ofSeconds(30), 100, client)))).generation();
        assertThat(await(store.appendAudio(storeSession, gen, chunk(0, 1600)))).isInstanceOf(AppendOutcome.Appended.class);
        TakeOverOutcome.TookOver owned = (TakeOverOutcome.TookOver) await(worker.takeOver(storeSession));

        await(journal.adopt(client, GATEWAY_B, TOKEN, "key-1", Duration.ofSeconds(30)));

        assertThat(await(store.appendAudio(storeSession, gen, chunk(1600, 1600)))).isInstanceOf(StaleGeneration.class);
        assertThat(await(worker.publishFinal(storeSession, owned.fence(), finalResult(0, 1600))))
                .isInstanceOf(SessionEnded.class);
        assertThat(((InspectOutcome.Inspected) await(store.inspect(storeSession))).phase()).isEqualTo(SessionPhase.ENDED);
        assertThat(await(store.create(new NewSession(newSessionId(), StoreFixtures.FORMAT, TOKEN, GATEWAY_A,
                Duration.ofSeconds(30), 100, client)))).isInstanceOf(CreateOutcome.Adopted.class);
        assertThat(await(store.create(new NewSession(newSessionId(), StoreFixtures.FORMAT, TOKEN, GATEWAY_B,
                Duration.ofSeconds(30), 100, client)))).isInstanceOf(CreateOutcome.Created.class);
    }

    @Test
    @DisplayName("H33: a store session of a client session without a journal (it cannot be resumed) leaves no journal behind")
    void aSessionWithoutAJournalLeavesNone_H33() {
        SessionId client = newSessionId();
        assertThat(await(store.create(new NewSession(newSessionId(), StoreFixtures.FORMAT, TOKEN, GATEWAY_A,
                Duration.ofSeconds(30), 100, client)))).isInstanceOf(CreateOutcome.Created.class);
        assertThat(redis.admin().exists("hark:c:{" + client.value() + "}")).isZero();
    }

    private static SessionId opened() {
        SessionId id = newSessionId();
        assertThat(await(journal.open(id, GATEWAY_A, "key-1", OPTIONS, Generation.FIRST, TOKEN, 100)))
                .isInstanceOf(JournalOutcome.Journaled.class);
        return id;
    }

    private static Transcript finalOf(long seq, long start, long end) {
        return new Transcript(seq, finalResult(start, end));
    }
}
