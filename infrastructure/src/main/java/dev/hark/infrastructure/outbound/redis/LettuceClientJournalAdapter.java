package dev.hark.infrastructure.outbound.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hark.application.port.outbound.store.AdoptOutcome;
import dev.hark.application.port.outbound.store.ClientJournalPort;
import dev.hark.application.port.outbound.store.JournalFence;
import dev.hark.application.port.outbound.store.JournalOutcome;
import dev.hark.application.port.outbound.store.NodeId;
import dev.hark.application.port.outbound.store.NotFound;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.ResumeToken;
import dev.hark.domain.session.ResumeTokens;
import dev.hark.domain.session.SessionId;
import dev.hark.domain.session.StreamOptions;
import dev.hark.domain.transcript.Transcript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The client journal on Redis (H33): one fenced {@code hark_1} function call per write on the
 * shared connection, keys {@code hark:c:{csid}} and {@code hark:c:{csid}:tx}. Tokens are stored
 * as their SHA-256, as in the session hash; a final as its span and {@link TranscriptPayload}.
 */
public final class LettuceClientJournalAdapter implements ClientJournalPort {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FunctionCalls calls;

    public LettuceClientJournalAdapter(RedisConnections connections) {
        this.calls = new FunctionCalls(connections);
    }

    @Override
    public CompletionStage<JournalOutcome> open(SessionId id, NodeId gateway, String keyName, StreamOptions options,
                                                Generation generation, ResumeToken token, int outboxCapacity) {
        return write(FunctionLibrary.JOURNAL_OPEN, id, FunctionArgs.of(gateway.value(), keyName, encode(options),
                generation.value(), TokenHashes.of(token), outboxCapacity));
    }

    @Override
    public CompletionStage<JournalOutcome> recordFinal(SessionId id, JournalFence fence, Transcript transcript) {
        SampleSpan span = transcript.hypothesis().span();
        return write(FunctionLibrary.JOURNAL_FINAL, id, FunctionArgs.of(fence.gateway().value(), fence.epoch(),
                transcript.seq(), span.start(), span.end(), TranscriptPayload.encode(transcript.hypothesis())));
    }

    @Override
    public CompletionStage<JournalOutcome> recordTokens(SessionId id, JournalFence fence, Generation generation,
                                                        ResumeTokens tokens) {
        String current = TokenHashes.of(switch (tokens) {
            case ResumeTokens.Settled settled -> settled.token();
            case ResumeTokens.Rotating rotating -> rotating.committed();
        });
        String pending = tokens instanceof ResumeTokens.Rotating rotating ? TokenHashes.of(rotating.pending()) : "";
        return write(FunctionLibrary.JOURNAL_TOKENS, id, FunctionArgs.of(fence.gateway().value(), fence.epoch(),
                generation.value(), current, pending));
    }

    @Override
    public CompletionStage<JournalOutcome> end(SessionId id, JournalFence fence) {
        return write(FunctionLibrary.JOURNAL_END, id, FunctionArgs.of(fence.gateway().value(), fence.epoch()));
    }

    @Override
    public CompletionStage<AdoptOutcome> adopt(SessionId id, NodeId gateway, ResumeToken presented, String keyName,
                                               Duration retireTtl) {
        return calls.call(FunctionLibrary.ADOPT, StoreKeys.journal(id),
                FunctionArgs.of(gateway.value(), TokenHashes.of(presented), keyName, retireTtl.toMillis()),
                reply -> switch (reply.status()) {
                    case "OK" -> new AdoptOutcome.Adopted(new JournalFence(gateway, reply.number(1)),
                            decode(reply.string(2)), new Generation(reply.number(3)), reply.number(4),
                            reply.number(5), finals(reply.values().get(6)));
                    case "DENIED" -> new AdoptOutcome.Denied();
                    case "WRONG_KEY" -> new AdoptOutcome.OtherKey();
                    case "NOT_FOUND" -> new NotFound();
                    default -> throw LettuceGatewayStoreAdapter.unexpected(reply);
                },
                unavailable -> unavailable);
    }

    private CompletionStage<JournalOutcome> write(String function, SessionId id, byte[][] args) {
        return calls.call(function, StoreKeys.journal(id), args,
                reply -> switch (reply.status()) {
                    case "OK", "DUPLICATE" -> new JournalOutcome.Journaled();
                    case "STALE" -> new JournalOutcome.Fenced(reply.number(1));
                    case "NOT_FOUND" -> new NotFound();
                    default -> throw LettuceGatewayStoreAdapter.unexpected(reply); // GAP: a bug, reported as unavailable
                },
                unavailable -> unavailable);
    }

    /** The journal's finals, {@code [[id, [s, start, e, end, p, payload]], ...]}. */
    private static List<Transcript> finals(Object entries) {
        List<Transcript> finals = new ArrayList<>();
        for (Object entry : (List<?>) entries) {
            List<?> idAndFields = (List<?>) entry;
            String streamId = text(idAndFields.get(0));
            List<?> fields = (List<?>) idAndFields.get(1);
            long start = 0;
            long end = 0;
            byte[] payload = new byte[0];
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                switch (text(fields.get(i))) {
                    case "s" -> start = Long.parseLong(text(fields.get(i + 1)));
                    case "e" -> end = Long.parseLong(text(fields.get(i + 1)));
                    case "p" -> payload = (byte[]) fields.get(i + 1);
                    default -> { }
                }
            }
            long seq = Long.parseLong(streamId.substring(0, streamId.indexOf('-')));
            finals.add(new Transcript(seq, TranscriptPayload.decode(payload, true, new SampleSpan(start, end))));
        }
        return finals;
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    /** What the client opened with; provider options are not kept (a session that has them ends with its connection). */
    static String encode(StreamOptions options) {
        ObjectNode node = JSON.createObjectNode();
        node.put("format", StoredFormat.write(options.format()));
        node.put("interim", options.interimResults());
        node.put("language", options.language());
        node.put("maxFrameBytes", options.maxFrameBytes());
        node.put("speechEvents", options.speechEvents());
        return node.toString();
    }

    static StreamOptions decode(String stored) {
        try {
            JsonNode node = JSON.readTree(stored);
            return new StreamOptions(StoredFormat.read(node.path("format").asText()), node.path("interim").asBoolean(),
                    node.path("language").asText(), node.path("maxFrameBytes").asInt(),
                    node.path("speechEvents").asBoolean());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
