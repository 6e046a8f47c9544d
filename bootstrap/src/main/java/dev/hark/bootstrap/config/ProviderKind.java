package dev.hark.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which recognizer serves the streams. */
public enum ProviderKind {
    /** PocketSphinx in-process: no account, no network. The default. */
    EMBEDDED("embedded"),
    /** Deepgram's live streaming API; needs {@code DEEPGRAM_API_KEY}. */
    DEEPGRAM("deepgram");

    private final String yamlName;

    ProviderKind(String yamlName) {
        this.yamlName = yamlName;
    }

    @JsonValue
    public String yamlName() {
        return yamlName;
    }
}
