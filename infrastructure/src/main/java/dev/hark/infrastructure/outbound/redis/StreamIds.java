package dev.hark.infrastructure.outbound.redis;

/** Redis stream ids ({@code ms-seq}) as Hark uses them: sample offsets and sequence numbers. */
final class StreamIds {

    /** The largest sequence part of an id. */
    static final String MAX_SEQ = "18446744073709551615";

    private StreamIds() {
    }

    static long first(String id) {
        int dash = id.indexOf('-');
        return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
    }

    static long second(String id) {
        int dash = id.indexOf('-');
        return dash < 0 ? 0 : Long.parseUnsignedLong(id.substring(dash + 1));
    }

    /** An exclusive read cursor that still returns every entry whose first part is {@code value} or more. */
    static String before(long value) {
        return value == 0 ? "0-0" : (value - 1) + "-" + MAX_SEQ;
    }

    static int compare(String a, String b) {
        int byFirst = Long.compare(first(a), first(b));
        return byFirst != 0 ? byFirst : Long.compareUnsigned(second(a), second(b));
    }
}
