package dev.hark.emulator.deepgram;

/**
 * Close-frame reasons Deepgram sends, as observed (deepgram-protocol.md §4). The NET texts are
 * from wire captures; the DATA-0000 wording is unconfirmed, only its code prefix is known.
 */
public final class CloseReasons {

    /** 1011: the server produced no response in time (internal error, too little audio). */
    public static final String NET_0000 = "NET-0000 Deepgram did not provide a response message within the timeout"
            + " window. See https://dpgr.am/net0000";

    /** 1011: no binary or text frame from the client within the idle window. */
    public static final String NET_0001 = "NET-0001 Deepgram did not receive audio data or a text message within"
            + " the timeout window. See https://dpgr.am/net0001";

    /** 1008: the payload could not be decoded as audio. */
    public static final String DATA_0000 = "DATA-0000 The payload cannot be decoded as audio."
            + " See https://dpgr.am/data0000";

    private CloseReasons() {
    }
}
