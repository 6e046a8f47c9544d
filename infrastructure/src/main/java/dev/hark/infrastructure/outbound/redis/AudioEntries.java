package dev.hark.infrastructure.outbound.redis;

import dev.hark.application.port.outbound.store.AudioEntry;
import dev.hark.application.port.outbound.store.AudioMark;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;
import io.lettuce.core.StreamMessage;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Decodes the audio ledger as {@code hark_1.lua} writes it (chunks {@code <start>-1} with
 * {@code e}, {@code p}; marks with {@code k}) for a reader that starts at {@code fromSample}:
 * what lies before it is dropped, a chunk that straddles it is cut.
 */
final class AudioEntries implements Function<StreamMessage<String, byte[]>, AudioEntry> {

    private final AudioFormat format;
    private final long fromSample;

    AudioEntries(AudioFormat format, long fromSample) {
        this.format = format;
        this.fromSample = fromSample;
    }

    @Override
    public AudioEntry apply(StreamMessage<String, byte[]> message) {
        Map<String, byte[]> body = message.getBody();
        long start = StreamIds.first(message.getId());
        byte[] mark = body.get("k");
        if (mark != null) {
            return start < fromSample ? null : new AudioEntry.MarkEntry(
                    AudioMark.valueOf(new String(mark, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT)), start);
        }
        PcmChunk chunk = new PcmChunk(start, body.get("p"), format);
        if (chunk.span().end() <= fromSample) {
            return null;
        }
        return new AudioEntry.ChunkEntry(chunk.from(fromSample));
    }
}
