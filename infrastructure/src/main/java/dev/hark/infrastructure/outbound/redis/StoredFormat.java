package dev.hark.infrastructure.outbound.redis;

import dev.hark.domain.audio.AudioEncoding;
import dev.hark.domain.audio.AudioFormat;

/** An {@link AudioFormat} as the session hash keeps it: {@code linear16/16000/1}. */
final class StoredFormat {

    private StoredFormat() {
    }

    static String write(AudioFormat format) {
        return format.encoding().wireName() + "/" + format.sampleRate() + "/" + format.channels();
    }

    static AudioFormat read(String stored) {
        String[] parts = stored.split("/");
        if (parts.length != 3) {
            throw new IllegalStateException("stored format is not encoding/rate/channels: " + stored);
        }
        AudioEncoding encoding = AudioEncoding.fromWireName(parts[0])
                .orElseThrow(() -> new IllegalStateException("unknown stored encoding " + parts[0]));
        return new AudioFormat(encoding, Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }
}
