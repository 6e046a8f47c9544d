package dev.hark.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code demo:} section: the browser demo page at {@code /} on the application port. On by
 * default, so that a fresh clone shows Hark transcribing a microphone within a minute; a
 * deployment that serves only apps turns it off. The client module ({@code /hark-client.js}) is
 * served either way: apps import it.
 */
public class DemoFactory {

    @JsonProperty
    private boolean enabled = true;

    public boolean enabled() {
        return enabled;
    }
}
