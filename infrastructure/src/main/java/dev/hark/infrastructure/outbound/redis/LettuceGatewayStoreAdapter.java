package dev.hark.infrastructure.outbound.redis;

import dev.hark.application.port.outbound.store.AlreadyDone;
import dev.hark.application.port.outbound.store.AppendOutcome;
import dev.hark.application.port.outbound.store.AssignmentReason;
import dev.hark.application.port.outbound.store.AttachOutcome;
import dev.hark.application.port.outbound.store.AudioClosed;
import dev.hark.application.port.outbound.store.AudioMark;
import dev.hark.application.port.outbound.store.CreateOutcome;
import dev.hark.application.port.outbound.store.Done;
import dev.hark.application.port.outbound.store.GatewaySessionStorePort;
import dev.hark.application.port.outbound.store.GatewayWriteOutcome;
import dev.hark.application.port.outbound.store.InspectOutcome;
import dev.hark.application.port.outbound.store.NewSession;
import dev.hark.application.port.outbound.store.NodeId;
import dev.hark.application.port.outbound.store.NotFound;
import dev.hark.application.port.outbound.store.StaleGeneration;
import dev.hark.application.port.outbound.store.StoreAck;
import dev.hark.application.port.outbound.store.StoreStreamListener;
import dev.hark.application.port.outbound.store.StreamSubscription;
import dev.hark.application.port.outbound.store.TranscriptCursor;
import dev.hark.application.port.outbound.store.TranscriptEntry;
import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.session.AttachPolicy;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.ResumeToken;
import dev.hark.domain.session.SessionId;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/**
 * The gateway's side of the store on Redis: each write is one fenced function call on the shared
 * connection; the outbox is followed over dedicated reader connections.
 */
public final class LettuceGatewayStoreAdapter implements GatewaySessionStorePort, AutoCloseable {

    private final FunctionCalls calls;
    private final Assignments assignments;
    private final StreamFollower follower;

    public LettuceGatewayStoreAdapter(RedisConnections connections) {
        this.calls = new FunctionCalls(connections);
        this.assignments = Assignments.writer(connections);
        this.follower = new StreamFollower(connections, "hark-tx-reader");
    }

    @Override
    public CompletionStage<CreateOutcome> create(NewSession session) {
        long retainSamples = session.format().samplesFor(session.maxRetainedAudio().toMillis());
        return calls.call(FunctionLibrary.CREATE, StoreKeys.all(session.id()),
                FunctionArgs.of(StoredFormat.write(session.format()), session.format().bytesPerFrame(),
                        session.format().sampleRate(), TokenHashes.of(session.token()), session.gateway().value(),
                        retainSamples, session.outboxCapacity(),
                        session.clientSession() == null ? "" : session.clientSession().value()),
                reply -> switch (reply.status()) {
                    case "OK" -> new CreateOutcome.Created(new Generation(reply.number(1)));
                    case "EXISTS" -> new CreateOutcome.AlreadyExists();
                    case "ADOPTED" -> new CreateOutcome.Adopted(new NodeId(reply.string(1)));
                    default -> throw unexpected(reply);
                },
                unavailable -> unavailable);
    }

    @Override
    public CompletionStage<AttachOutcome> attach(SessionId id, ResumeToken presented, NodeId gateway,
                                                 AttachPolicy policy) {
        return calls.call(FunctionLibrary.ATTACH, StoreKeys.all(id),
                FunctionArgs.of(TokenHashes.of(presented), gateway.value(), policy.name().toLowerCase(Locale.ROOT)),
                reply -> switch (reply.status()) {
                    case "OK" -> new AttachOutcome.Attached(new Generation(reply.number(1)), reply.number(2),
                            reply.number(3), SessionPhases.read(reply.string(4)));
                    case "DENIED" -> new AttachOutcome.Denied();
                    case "BUSY" -> new AttachOutcome.Busy(new NodeId(reply.string(1)));
                    case "NOT_FOUND" -> new NotFound();
                    default -> throw unexpected(reply);
                },
                unavailable -> unavailable);
    }

    @Override
    public CompletionStage<GatewayWriteOutcome> rotateToken(SessionId id, Generation generation, ResumeToken next) {
        return gatewayWrite(FunctionLibrary.ROTATE_TOKEN, id,
                FunctionArgs.of(generation.value(), TokenHashes.of(next)));
    }

    @Override
    public CompletionStage<AppendOutcome> appendAudio(SessionId id, Generation generation, PcmChunk chunk) {
        return calls.call(FunctionLibrary.APPEND_AUDIO, StoreKeys.all(id),
                FunctionArgs.of(generation.value(), chunk.span().start(), chunk.span().end(), chunk.pcm()),
                reply -> switch (reply.status()) {
                    case "OK" -> new AppendOutcome.Appended(reply.number(1));
                    case "DUPLICATE" -> new AppendOutcome.DuplicateAudio(reply.number(1));
                    case "GAP" -> new AppendOutcome.AudioGap(reply.number(1));
                    case "CLOSED" -> new AudioClosed(reply.number(1));
                    case "STALE" -> new StaleGeneration(new Generation(reply.number(1)));
                    case "NOT_FOUND" -> new NotFound();
                    default -> throw unexpected(reply);
                },
                unavailable -> unavailable);
    }

    @Override
    public CompletionStage<GatewayWriteOutcome> markAudio(SessionId id, Generation generation, AudioMark mark) {
        return gatewayWrite(FunctionLibrary.MARK_AUDIO, id,
                FunctionArgs.of(generation.value(), mark.name().toLowerCase(Locale.ROOT)));
    }

    @Override
    public CompletionStage<GatewayWriteOutcome> detach(SessionId id, Generation generation, Duration grace) {
        return gatewayWrite(FunctionLibrary.DETACH, id, FunctionArgs.of(generation.value(), grace.toMillis()));
    }

    @Override
    public CompletionStage<StoreAck> requestWorker(SessionId id, AssignmentReason reason) {
        return assignments.request(id, reason);
    }

    @Override
    public CompletionStage<InspectOutcome> inspect(SessionId id) {
        return Inspection.of(calls, id);
    }

    @Override
    public StreamSubscription followTranscripts(SessionId id, TranscriptCursor after,
                                                StoreStreamListener<TranscriptEntry> listener) {
        return follower.follow(StoreKeys.transcripts(id), after.seq() + "-" + after.index(),
                TranscriptEntries::decode, listener);
    }

    /** Stops following; the connections belong to {@link RedisConnections}. */
    @Override
    public void close() {
        follower.close();
    }

    private CompletionStage<GatewayWriteOutcome> gatewayWrite(String function, SessionId id, byte[][] args) {
        return calls.call(function, StoreKeys.all(id), args,
                reply -> switch (reply.status()) {
                    case "OK" -> new Done();
                    case "DUPLICATE" -> new AlreadyDone();
                    case "CLOSED" -> new AudioClosed(reply.number(1));
                    case "STALE" -> new StaleGeneration(new Generation(reply.number(1)));
                    case "NOT_FOUND" -> new NotFound();
                    default -> throw unexpected(reply);
                },
                unavailable -> unavailable);
    }

    static IllegalStateException unexpected(FunctionReply reply) {
        return new IllegalStateException("unexpected status " + reply.status());
    }
}
