package dev.hark.infrastructure.outbound.redis;

import dev.hark.application.port.outbound.store.TranscriptCursor;
import dev.hark.application.port.outbound.store.TranscriptEntry;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.transcript.Transcript;
import io.lettuce.core.StreamMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Outbox entries as {@code hark_1.lua} writes them: {@code t} = {@code f} (final, id {@code <seq>-0}),
 * {@code i} (interim, id {@code <lastSeq>-<k>}, numbered as the next final) or {@code end}.
 */
final class TranscriptEntries {

    private TranscriptEntries() {
    }

    static TranscriptEntry decode(StreamMessage<String, byte[]> message) {
        Map<String, byte[]> body = message.getBody();
        TranscriptCursor cursor = new TranscriptCursor(StreamIds.first(message.getId()), StreamIds.second(message.getId()));
        String type = text(body, "t");
        return switch (type) {
            case "f" -> new TranscriptEntry.FinalEntry(cursor, new Transcript(cursor.seq(),
                    TranscriptPayload.decode(body.get("p"), true, span(body))));
            case "i" -> new TranscriptEntry.InterimEntry(cursor, new Transcript(cursor.seq() + 1,
                    TranscriptPayload.decode(body.get("p"), false, span(body))));
            case "end" -> new TranscriptEntry.EndEntry(cursor, text(body, "r"));
            default -> throw new IllegalStateException("unknown outbox entry type " + type);
        };
    }

    private static SampleSpan span(Map<String, byte[]> body) {
        return new SampleSpan(Long.parseLong(text(body, "s")), Long.parseLong(text(body, "e")));
    }

    private static String text(Map<String, byte[]> body, String field) {
        byte[] value = body.get(field);
        if (value == null) {
            throw new IllegalStateException("outbox entry without " + field);
        }
        return new String(value, StandardCharsets.UTF_8);
    }
}
