package dev.hark.emulator.deepgram;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * The model a connection reports in {@code metadata.model_info} and in Metadata. The UUID is
 * derived from the name so it is stable across runs, as a real model's is.
 *
 * @param arch the model the client asked for ({@code nova-3} ...), as Deepgram reports the family
 */
record ModelIdentity(String name, String version, String arch, String uuid) {

    static final String VERSION = "emulator.1";

    ModelIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(uuid, "uuid");
    }

    static ModelIdentity of(String name, String requestedModel) {
        String uuid = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
        return new ModelIdentity(name, VERSION, requestedModel, uuid);
    }
}
