package dev.hark.infrastructure.inbound.deepgram;

import dev.hark.domain.audio.AudioEncoding;
import dev.hark.domain.audio.AudioFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads the container header of audio sent without {@code encoding} (deepgram-protocol.md
 * §2.1). Only RIFF/WAVE with PCM 16-bit, mu-law or A-law is understood; anything else (Ogg,
 * WebM, MP3, or raw samples without a declared encoding) cannot be decoded here.
 */
final class WavHeader {

    /** A header longer than this is not a WAV file a client streams. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    private static final int PCM = 1;
    private static final int ALAW = 6;
    private static final int MULAW = 7;

    /** What the bytes so far say. */
    sealed interface Reading {

        /** Not enough bytes yet to tell. */
        record NeedMore() implements Reading {
        }

        /** A WAV header: the format, and where the samples start. */
        record Wav(AudioFormat format, int dataOffset) implements Reading {
        }

        /** Not audio this server can decode. */
        record Undecodable(String reason) implements Reading {
        }
    }

    private WavHeader() {
    }

    static Reading read(byte[] bytes) {
        if (bytes.length < 12) {
            return startsLikeRiff(bytes) ? new Reading.NeedMore() : undecodable();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (!tag(bytes, 0).equals("RIFF") || !tag(bytes, 8).equals("WAVE")) {
            return undecodable();
        }
        AudioFormat format = null;
        int offset = 12;
        while (offset + 8 <= bytes.length) {
            String id = tag(bytes, offset);
            long size = Integer.toUnsignedLong(buffer.getInt(offset + 4));
            int body = offset + 8;
            if (id.equals("data")) {
                return format == null ? new Reading.Undecodable("WAV data before its fmt chunk")
                        : new Reading.Wav(format, body);
            }
            if (body + size > bytes.length) {
                return bytes.length >= MAX_HEADER_BYTES ? undecodable() : new Reading.NeedMore();
            }
            if (id.equals("fmt ")) {
                try {
                    format = format(buffer, body, size);
                } catch (IllegalArgumentException e) {
                    return new Reading.Undecodable(e.getMessage());
                }
            }
            offset = body + (int) size + (int) (size & 1);
        }
        return bytes.length >= MAX_HEADER_BYTES ? undecodable() : new Reading.NeedMore();
    }

    private static AudioFormat format(ByteBuffer buffer, int body, long size) {
        if (size < 16) {
            throw new IllegalArgumentException("WAV fmt chunk too short");
        }
        int code = Short.toUnsignedInt(buffer.getShort(body));
        int channels = Short.toUnsignedInt(buffer.getShort(body + 2));
        int rate = buffer.getInt(body + 4);
        int bits = Short.toUnsignedInt(buffer.getShort(body + 14));
        AudioEncoding encoding = switch (code) {
            case PCM -> bits == 16 ? AudioEncoding.LINEAR16 : null;
            case MULAW -> bits == 8 ? AudioEncoding.MULAW : null;
            case ALAW -> bits == 8 ? AudioEncoding.ALAW : null;
            default -> null;
        };
        if (encoding == null || channels < 1 || channels > 2) {
            throw new IllegalArgumentException("WAV of format " + code + ", " + bits + " bits, " + channels
                    + " channels is not supported");
        }
        return new AudioFormat(encoding, rate, channels);
    }

    private static boolean startsLikeRiff(byte[] bytes) {
        byte[] riff = "RIFF".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < Math.min(bytes.length, 4); i++) {
            if (bytes[i] != riff[i]) {
                return false;
            }
        }
        return true;
    }

    private static String tag(byte[] bytes, int offset) {
        return new String(bytes, offset, 4, StandardCharsets.US_ASCII);
    }

    private static Reading undecodable() {
        return new Reading.Undecodable("not a WAV header, and no encoding was declared");
    }
}
