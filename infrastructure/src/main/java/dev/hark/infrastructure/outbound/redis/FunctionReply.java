package dev.hark.infrastructure.outbound.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A reply of a {@code hark_1} function: a status word, then positional values (bulk strings
 * or integers). Reading a value that is not there is a contract break between the Lua and the
 * Java side, reported as such.
 */
record FunctionReply(List<Object> values) {

    String status() {
        return string(0);
    }

    String string(int index) {
        Object value = at(index);
        return switch (value) {
            case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
            case Long number -> Long.toString(number);
            case String text -> text;
            default -> throw new IllegalStateException("unexpected reply element " + value.getClass().getSimpleName());
        };
    }

    long number(int index) {
        String text = string(index);
        return text.isEmpty() ? 0 : Long.parseLong(text);
    }

    private Object at(int index) {
        if (index >= values.size() || values.get(index) == null) {
            throw new IllegalStateException("reply " + describe() + " has no element " + index);
        }
        return values.get(index);
    }

    private String describe() {
        return values.isEmpty() ? "[]" : "[" + string(0) + ", ... " + values.size() + " elements]";
    }
}
