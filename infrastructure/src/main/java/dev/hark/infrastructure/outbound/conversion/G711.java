package dev.hark.infrastructure.outbound.conversion;

/**
 * ITU-T G.711 expansion: one byte of mu-law or A-law to a 16-bit linear sample, from tables
 * computed once by the standard's segment rule (sign, 3-bit segment, 4-bit step).
 */
final class G711 {

    private static final short[] MULAW = new short[256];
    private static final short[] ALAW = new short[256];

    static {
        for (int code = 0; code < 256; code++) {
            MULAW[code] = expandMulaw(code);
            ALAW[code] = expandAlaw(code);
        }
    }

    private G711() {
    }

    static short mulaw(byte code) {
        return MULAW[code & 0xff];
    }

    static short alaw(byte code) {
        return ALAW[code & 0xff];
    }

    /** Mu-law stores the complement; magnitude = ((2 * step + 33) << segment) - 33, in 14-bit units scaled by 4. */
    private static short expandMulaw(int code) {
        int bits = ~code & 0xff;
        int segment = (bits >> 4) & 0x07;
        int step = bits & 0x0f;
        int magnitude = (((step << 3) + 0x84) << segment) - 0x84;
        return (short) ((bits & 0x80) != 0 ? -magnitude : magnitude);
    }

    /** A-law inverts the even bits; segment 0 is linear, the others double per segment, in 13-bit units scaled by 8. */
    private static short expandAlaw(int code) {
        int bits = (code ^ 0x55) & 0xff;
        int segment = (bits >> 4) & 0x07;
        int step = bits & 0x0f;
        int magnitude = segment == 0 ? (step << 4) + 8 : ((step << 4) + 0x108) << (segment - 1);
        return (short) ((bits & 0x80) != 0 ? magnitude : -magnitude);
    }
}
