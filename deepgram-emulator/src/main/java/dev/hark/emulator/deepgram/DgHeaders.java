package dev.hark.emulator.deepgram;

/** Deepgram's own response headers (deepgram-protocol.md §1.3-§1.4). */
final class DgHeaders {

    /** On every handshake answer, success or failure; equals Results' {@code metadata.request_id}. */
    static final String REQUEST_ID = "dg-request-id";

    /** On a refused handshake: the same message as the body's {@code err_msg}. */
    static final String ERROR = "dg-error";

    private DgHeaders() {
    }
}
