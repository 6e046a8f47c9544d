package dev.hark.infrastructure.inbound.deepgram;

import dev.hark.application.port.inbound.ClientStreamUseCase;
import dev.hark.application.port.inbound.Routing;
import dev.hark.application.port.inbound.StreamHandle;
import dev.hark.domain.audio.AudioFormat;
import java.util.Arrays;

/**
 * The audio path from one {@code /v1/listen} socket to its session: Deepgram clients send byte
 * chunks of any length and size, the session takes whole sample frames up to its frame limit.
 * Chunks are aligned ({@link FrameAligner}), cut into pieces the session takes, counted for
 * {@code Metadata}, and the session decides when the socket reads on (H24). Guarded by its
 * endpoint.
 */
final class SessionAudio {

    private final StreamHandle handle;
    private final AudioFormat format;
    private final ClientStreamUseCase push;
    private final int pieceBytes;
    private final FrameAligner aligner;
    private final AudioTally tally;
    private final ListenChannel channel;
    private final Runnable readNext;

    SessionAudio(StreamHandle handle, AudioFormat format, ClientStreamUseCase push, int maxFrameBytes, AudioTally tally,
                 ListenChannel channel, Runnable readNext) {
        this.handle = handle;
        this.format = format;
        this.push = push;
        this.pieceBytes = Math.max(format.bytesPerFrame(), maxFrameBytes / format.bytesPerFrame() * format.bytesPerFrame());
        this.aligner = new FrameAligner(format.bytesPerFrame());
        this.tally = tally;
        this.channel = channel;
        this.readNext = readNext;
    }

    StreamHandle handle() {
        return handle;
    }

    /**
     * Hands {@code bytes} to the session. True: nothing reached the session (a partial sample
     * frame waits for the rest), so the caller reads the next frame itself; false: the session
     * runs {@code readNext} once it has taken the last piece (at once, or once its recognizer has
     * caught up, H24), or it has ended and the socket closes.
     */
    boolean push(byte[] bytes) {
        tally.bytes(bytes);
        byte[] whole = aligner.whole(bytes);
        if (whole.length == 0) {
            return true;
        }
        Routing routing = Routing.QUEUED;
        for (int offset = 0; offset < whole.length && routing != Routing.SESSION_GONE; offset += pieceBytes) {
            byte[] piece = offset == 0 && whole.length <= pieceBytes ? whole
                    : Arrays.copyOfRange(whole, offset, Math.min(whole.length, offset + pieceBytes));
            boolean last = offset + pieceBytes >= whole.length;
            routing = push.pushAudio(handle, piece, last ? readNext : () -> { });
        }
        tally.samples(format.samplesIn(whole.length));
        channel.audioReceived(tally.samples());
        return false; // QUEUED: the session reads on; SESSION_GONE: the session is over and closes the socket
    }
}
