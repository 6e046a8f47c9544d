package dev.hark.domain.session;

import dev.hark.domain.audio.PcmChunk;
import dev.hark.domain.error.ClientError;

/** The outcome of offering a binary frame to a session: a chunk on the session clock, or a refusal. */
public sealed interface FrameVerdict {

    record Accepted(PcmChunk chunk) implements FrameVerdict {
    }

    record Refused(ClientError error) implements FrameVerdict {
    }
}
