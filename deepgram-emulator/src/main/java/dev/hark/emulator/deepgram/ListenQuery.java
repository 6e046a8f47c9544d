package dev.hark.emulator.deepgram;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The handshake's query string as a multimap. Deepgram repeats keys for list options
 * ({@code keyterm=a&keyterm=b}), so nothing is merged or dropped; {@code +} and {@code %20}
 * both decode to a space.
 */
record ListenQuery(Map<String, List<String>> params) {

    ListenQuery {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        params.forEach((key, values) -> copy.put(key, List.copyOf(values)));
        params = Collections.unmodifiableMap(copy);
    }

    static ListenQuery parse(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String key = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                params.computeIfAbsent(key, ignored -> new ArrayList<>()).add(value);
            }
        }
        return new ListenQuery(params);
    }

    boolean has(String key) {
        return params.containsKey(key);
    }

    /** The last value of {@code key} (Deepgram's "last one wins"), or {@code fallback}. */
    String last(String key, String fallback) {
        List<String> values = params.get(key);
        return values == null || values.isEmpty() ? fallback : values.getLast();
    }

    boolean flag(String key) {
        return last(key, "false").equalsIgnoreCase("true");
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return part;
        }
    }
}
