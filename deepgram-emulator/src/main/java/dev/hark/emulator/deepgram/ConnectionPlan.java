package dev.hark.emulator.deepgram;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * How the emulator treats one connection: the normal Deepgram behaviour, or a scripted fault
 * for a client's error paths. Plans are values; queue them with
 * {@link DeepgramEmulator#enqueue(ConnectionPlan)} or set one as the default.
 *
 * @param handshakeStatus  101 accepts; any 4xx/5xx rejects the upgrade with that status, a
 *                         {@code dg-error} header and the matching JSON body
 * @param handshakeDelay   how long to hold the handshake answer (accept or reject)
 * @param closeCode        0 for no forced close; otherwise the close code sent when the first
 *                         of {@code closeAfter} / {@code closeAfterFrames} is reached, or right
 *                         after the open when neither is set
 * @param closeReason      reason text of the forced close, at most 123 UTF-8 bytes
 * @param closeAfter       time after the open ({@link Duration#ZERO} = not time-based)
 * @param closeAfterFrames binary frames received before the close (0 = not frame-based)
 * @param stall            accept audio and control messages but send nothing at all: no
 *                         Results, no Metadata, no reply to CloseStream. The recognizer is not
 *                         even opened. Only the idle timer (client silence) ends the connection.
 */
public record ConnectionPlan(int handshakeStatus, Duration handshakeDelay, int closeCode, String closeReason,
                             Duration closeAfter, int closeAfterFrames, boolean stall) {

    public static final int ACCEPT = 101;
    private static final int MAX_REASON_BYTES = 123;

    public ConnectionPlan {
        Objects.requireNonNull(handshakeDelay, "handshakeDelay");
        Objects.requireNonNull(closeReason, "closeReason");
        Objects.requireNonNull(closeAfter, "closeAfter");
        if (handshakeStatus != ACCEPT && (handshakeStatus < 400 || handshakeStatus > 599)) {
            throw new IllegalArgumentException("handshakeStatus must be 101 or 4xx/5xx: " + handshakeStatus);
        }
        if (handshakeDelay.isNegative() || closeAfter.isNegative() || closeAfterFrames < 0) {
            throw new IllegalArgumentException("delays and frame counts must not be negative");
        }
        if (closeCode != 0 && !isSendableCloseCode(closeCode)) {
            throw new IllegalArgumentException("close code cannot be sent in a close frame: " + closeCode);
        }
        if (closeCode == 0 && (closeAfter.isPositive() || closeAfterFrames > 0 || !closeReason.isEmpty())) {
            throw new IllegalArgumentException("closeAfter, closeAfterFrames and closeReason need a closeCode");
        }
        if (closeReason.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("close reason longer than " + MAX_REASON_BYTES + " bytes");
        }
        if (handshakeStatus != ACCEPT && (closeCode != 0 || stall)) {
            throw new IllegalArgumentException("a rejected handshake has no connection to close or stall");
        }
    }

    /** Behave like Deepgram. */
    public static ConnectionPlan normal() {
        return new ConnectionPlan(ACCEPT, Duration.ZERO, 0, "", Duration.ZERO, 0, false);
    }

    /** Refuse the upgrade with {@code status} (400, 401, 402, 403, 429, 5xx ...). */
    public static ConnectionPlan rejectWith(int status) {
        return new ConnectionPlan(status, Duration.ZERO, 0, "", Duration.ZERO, 0, false);
    }

    /** Accept, then take audio and send nothing. */
    public static ConnectionPlan stalled() {
        return normal().stalling();
    }

    /** Accept, then close 1011 NET-0000 once {@code frames} binary frames have arrived. */
    public static ConnectionPlan net0000AfterFrames(int frames) {
        return normal().closingAfterFrames(frames, 1011, CloseReasons.NET_0000);
    }

    /** Accept, then close 1008 DATA-0000 once {@code frames} binary frames have arrived. */
    public static ConnectionPlan data0000AfterFrames(int frames) {
        return normal().closingAfterFrames(frames, 1008, CloseReasons.DATA_0000);
    }

    public ConnectionPlan withHandshakeDelay(Duration delay) {
        return new ConnectionPlan(handshakeStatus, delay, closeCode, closeReason, closeAfter, closeAfterFrames, stall);
    }

    public ConnectionPlan closingAfterFrames(int frames, int code, String reason) {
        if (frames < 1) {
            throw new IllegalArgumentException("frames must be at least 1");
        }
        return new ConnectionPlan(handshakeStatus, handshakeDelay, code, reason, closeAfter, frames, stall);
    }

    public ConnectionPlan closingAfter(Duration after, int code, String reason) {
        if (!after.isPositive()) {
            throw new IllegalArgumentException("after must be positive");
        }
        return new ConnectionPlan(handshakeStatus, handshakeDelay, code, reason, after, closeAfterFrames, stall);
    }

    public ConnectionPlan stalling() {
        return new ConnectionPlan(handshakeStatus, handshakeDelay, closeCode, closeReason, closeAfter,
                closeAfterFrames, true);
    }

    public boolean accepts() {
        return handshakeStatus == ACCEPT;
    }

    public boolean forcesClose() {
        return closeCode != 0;
    }

    private static boolean isSendableCloseCode(int code) {
        boolean registered = code >= 1000 && code <= 1014 && code != 1004 && code != 1005 && code != 1006;
        return registered || (code >= 3000 && code <= 4999);
    }
}
