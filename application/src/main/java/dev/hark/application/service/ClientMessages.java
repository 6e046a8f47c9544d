package dev.hark.application.service;

import dev.hark.application.port.outbound.ServerMessage;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.FrameVerdict;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.Session;

/**
 * Admits one session's client messages (audio, {@code finalize}, {@code close_stream},
 * {@code keepalive}) and passes them to its recognizer side: each must come from the current
 * attachment (a stale generation is counted and dropped, H1-H3; a current one commits a resume's
 * token, H25), audio must pass the frame check and, before any stream opened, the early-audio
 * bound (H18); and whatever the verdict, the client's next read is let in (H24), or held by the
 * recognizer side while the recognizer is behind.
 *
 * <p>Lane-confined: called by {@link LiveSession} on the session's lane only.
 */
final class ClientMessages {

    private final Session session;
    private final SessionContext context;
    private final SessionLane lane;
    private final ClientAttachment client;
    private final RecognitionInput recognition;
    private final ClientJournal journal;

    ClientMessages(Session session, SessionContext context, SessionLane lane, ClientAttachment client,
                   RecognitionInput recognition, ClientJournal journal) {
        this.journal = journal;
        this.session = session;
        this.context = context;
        this.lane = lane;
        this.client = client;
        this.recognition = recognition;
    }

    /** H24: {@code readNext} lets the client's next message in once this one is taken (or later, under backpressure). */
    void pushAudio(Generation stamped, byte[] pcm, Runnable readNext) {
        try {
            if (!admits(stamped, "audio")) {
                return;
            }
            if (recognition.earlyAudioFull(pcm.length / session.format().bytesPerFrame())) {
                // refused before the clock moves, so the recognizer never misses audio the clock counts
                refuseFrame(ClientError.of(ErrorCode.AUDIO_BUFFER_FULL,
                        "audio is arriving faster than it can be buffered while the recognizer starts; frame dropped"));
                return;
            }
            switch (session.acceptAudio(pcm)) {
                case FrameVerdict.Refused refused -> refuseFrame(refused.error());
                case FrameVerdict.Accepted accepted -> recognition.audio(accepted.chunk());
            }
        } finally {
            recognition.allowNextRead(readNext);
        }
    }

    private void refuseFrame(ClientError error) {
        context.metrics().frameRefused(error.code());
        client.send(new ServerMessage.ErrorNotice(error));
    }

    void finalizeStream(Generation stamped, Runnable readNext) {
        try {
            if (admits(stamped, "finalize")) {
                recognition.finalizeUtterance();
            }
        } finally {
            recognition.allowNextRead(readNext);
        }
    }

    void closeStream(Generation stamped, Runnable readNext) {
        try {
            if (admits(stamped, "close_stream") && session.beginClosing()) {
                recognition.close();
            }
        } finally {
            recognition.allowNextRead(readNext);
        }
    }

    /** Changes nothing but, like any client message, proves the attachment works (H25). */
    void keepAlive(Generation stamped, Runnable readNext) {
        try {
            admits(stamped, "keepalive");
        } finally {
            recognition.allowNextRead(readNext);
        }
    }

    /** The guard of every client message; a message of the current attachment also commits its token (H25). */
    private boolean admits(Generation stamped, String event) {
        if (session.admitClientMessage(stamped)) {
            journal.clientMessageAdmitted();
            return true;
        }
        lane.stale(event + " of generation " + stamped);
        return false;
    }
}
