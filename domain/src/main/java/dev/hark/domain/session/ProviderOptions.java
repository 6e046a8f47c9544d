package dev.hark.domain.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Options a client addressed to the recognizer itself, by the recognizer's own names, passed
 * through as given: repeated keys keep every value, in order. The session core never reads
 * them; a recognizer uses the ones it understands (Deepgram's query options from a
 * {@code /v1/listen} client) and ignores the rest.
 */
public record ProviderOptions(Map<String, List<String>> values) {

    public static final ProviderOptions NONE = new ProviderOptions(Map.of());

    public ProviderOptions {
        Objects.requireNonNull(values, "values");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((key, list) -> copy.put(Objects.requireNonNull(key, "key"), List.copyOf(list)));
        values = Collections.unmodifiableMap(copy);
    }
}
