package dev.hark.infrastructure.outbound.deepgram;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Settings for tests, with one wither per knob a test varies. */
final class TestSettings {

    static final String API_KEY = "dg-secret-key-0123456789abcdef";

    URI baseUrl = URI.create("ws://127.0.0.1:1");
    String language = "";
    boolean interimResults = true;
    boolean punctuate = true;
    boolean smartFormat = false;
    String endpointing = "300";
    int utteranceEndMs = 1000;
    boolean vadEvents = true;
    List<String> keyterms = List.of();
    List<String> tags = List.of();
    Duration handshakeTimeout = Duration.ofSeconds(3);
    Duration closeTimeout = Duration.ofSeconds(3);
    Duration retryAfter = Duration.ofMillis(1500);

    static TestSettings forServer(URI baseUrl) {
        TestSettings settings = new TestSettings();
        settings.baseUrl = baseUrl;
        return settings;
    }

    TestSettings language(String value) {
        language = value;
        return this;
    }

    TestSettings keyterms(String... values) {
        keyterms = List.of(values);
        return this;
    }

    TestSettings tags(String... values) {
        tags = List.of(values);
        return this;
    }

    TestSettings handshakeTimeout(Duration value) {
        handshakeTimeout = value;
        return this;
    }

    TestSettings closeTimeout(Duration value) {
        closeTimeout = value;
        return this;
    }

    TestSettings utteranceEndMs(int value) {
        utteranceEndMs = value;
        return this;
    }

    TestSettings interimResults(boolean value) {
        interimResults = value;
        return this;
    }

    DeepgramSettings build() {
        return new DeepgramSettings(baseUrl, API_KEY, "nova-3", language, interimResults, punctuate, smartFormat,
                endpointing, utteranceEndMs, vadEvents, keyterms, tags, handshakeTimeout, closeTimeout, retryAfter);
    }
}
