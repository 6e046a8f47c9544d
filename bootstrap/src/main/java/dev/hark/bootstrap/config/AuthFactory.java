package dev.hark.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hark.application.access.AccessMode;
import dev.hark.application.access.AccessSettings;
import dev.hark.application.access.ApiKey;
import dev.hark.application.port.inbound.KeyLimits;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code auth:} section. API keys come from {@code apiKeys} (a YAML list) or, overriding it,
 * from {@code keyList} ({@code name1:key1,name2:key2}, fed by {@code HARK_API_KEYS} in
 * config.yml). Keys and the token secret are write-only: Jackson never serialises them and
 * {@link #toString()} names keys only. {@code auth: none} is accepted as shorthand for
 * {@code auth: {mode: none}}.
 */
public class AuthFactory {

    @NotNull
    @JsonProperty
    private AccessMode mode = AccessMode.KEYS;

    @Valid
    @NotNull
    @JsonProperty
    private List<ApiKeyFactory> apiKeys = List.of();

    /** {@code name:key,name:key}; when not blank it replaces {@code apiKeys}. */
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
    private String keyList = "";

    /** Limits of keys from {@code keyList}, and of listed keys for what they leave unset. */
    @Valid
    @NotNull
    @JsonProperty
    private KeyLimitsFactory keyLimits = new KeyLimitsFactory();

    @NotNull
    @JsonProperty
    private Duration tokenTtl = Duration.seconds(30);

    /** HMAC secret for browser tokens; empty = random per start (tokens then work on this instance only). */
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
    private String tokenSecret = "";

    @NotNull
    @JsonProperty
    private List<String> allowedOrigins = List.of();

    public AuthFactory() {
    }

    /** {@code auth: none} (or {@code auth: keys}) as a plain value. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static AuthFactory ofMode(String mode) {
        AuthFactory factory = new AuthFactory();
        factory.mode = AccessMode.valueOf(mode.strip().toUpperCase(Locale.ROOT));
        return factory;
    }

    public AccessSettings build() {
        return new AccessSettings(mode, keys(), tokenTtl.toJavaDuration(), allowedOrigins);
    }

    private List<ApiKey> keys() {
        KeyLimits defaults = keyLimits.limits(KeyLimits.UNLIMITED);
        if (keyList != null && !keyList.isBlank()) {
            List<ApiKey> parsed = new ArrayList<>();
            for (String entry : keyList.split(",")) {
                int colon = entry.indexOf(':');
                if (colon <= 0 || colon == entry.strip().length() - 1) {
                    throw new IllegalArgumentException("HARK_API_KEYS (auth.keyList) must be name:key[,name:key...]");
                }
                parsed.add(ApiKey.fromKey(entry.substring(0, colon).strip(), entry.substring(colon + 1).strip(),
                        defaults));
            }
            return parsed;
        }
        return apiKeys.stream().map(key -> key.build(defaults)).toList();
    }

    public String tokenSecret() {
        return tokenSecret == null ? "" : tokenSecret;
    }

    @JsonIgnore
    public AccessMode mode() {
        return mode;
    }

    @Override
    public String toString() {
        return "AuthFactory[mode=" + mode + ", keys=" + build().keys() + ", tokenSecret="
                + (tokenSecret().isEmpty() ? "<generated>" : "<redacted>") + "]";
    }

    /** Limits, each optional; unset ones fall back to the defaults given to {@link #build}. */
    public static class KeyLimitsFactory {
        @JsonProperty
        private Integer maxConcurrentSessions;

        @JsonProperty
        private Double newSessionsPerSecond;

        @JsonProperty
        private Integer sessionBurst;

        KeyLimits limits(KeyLimits defaults) {
            return new KeyLimits(
                    maxConcurrentSessions == null ? defaults.maxConcurrentSessions() : maxConcurrentSessions,
                    newSessionsPerSecond == null ? defaults.newSessionsPerSecond() : newSessionsPerSecond,
                    sessionBurst == null ? defaults.sessionBurst() : sessionBurst);
        }
    }

    /** One entry of {@code apiKeys}: a name, the key or its SHA-256, and optional limits. */
    public static class ApiKeyFactory extends KeyLimitsFactory {
        @NotNull
        @JsonProperty
        private String name;

        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
        private String key;

        @JsonProperty
        private String keySha256;

        ApiKey build(KeyLimits defaults) {
            KeyLimits limits = limits(defaults);
            if ((key == null) == (keySha256 == null)) {
                throw new IllegalArgumentException("API key " + name + " needs exactly one of key and keySha256");
            }
            return key != null ? ApiKey.fromKey(name, key, limits) : ApiKey.fromSha256(name, keySha256, limits);
        }

        @Override
        public String toString() {
            return "ApiKey[" + name + "]";
        }
    }
}
