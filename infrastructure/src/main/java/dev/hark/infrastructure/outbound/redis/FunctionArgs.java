package dev.hark.infrastructure.outbound.redis;

import java.nio.charset.StandardCharsets;

/** Function arguments as bytes: strings as UTF-8, whole numbers in decimal, byte arrays as they are. */
final class FunctionArgs {

    private FunctionArgs() {
    }

    static byte[][] of(Object... values) {
        byte[][] args = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            args[i] = switch (values[i]) {
                case byte[] bytes -> bytes;
                case String text -> text.getBytes(StandardCharsets.UTF_8);
                case Long number -> Long.toString(number).getBytes(StandardCharsets.US_ASCII);
                case Integer number -> Integer.toString(number).getBytes(StandardCharsets.US_ASCII);
                default -> throw new IllegalArgumentException("unsupported argument " + values[i].getClass());
            };
        }
        return args;
    }
}
