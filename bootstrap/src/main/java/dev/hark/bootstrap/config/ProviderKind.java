package dev.hark.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which recognizer serves the streams. */
public enum ProviderKind {
    /** PocketSphinx in-process: no account, no network. The default. */
    EMBEDDED("embedded"),
    /** Deepgram's live streaming API; needs {@code DEEPGRAM_API_KEY}. */
    DEEPGRAM("deepgram"),
    /**
     * For benchmarks and tests only, never a default: answers every chunk at once with a final
     * naming its sample range, so a load generator can time the gateway end to end.
     */
    ECHO("echo");

    private final String yamlName;

    ProviderKind(String yamlName) {
        this.yamlName = yamlName;
    }

    @JsonValue
    public String yamlName() {
        return yamlName;
    }
}
