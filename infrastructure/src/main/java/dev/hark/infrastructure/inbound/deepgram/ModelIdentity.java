package dev.hark.infrastructure.inbound.deepgram;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * What {@code model_info} and {@code model_uuid} say: the model the client asked for, served by
 * Hark. The UUID is derived from the name, so it is stable across connections, as Deepgram's is
 * for one model.
 */
record ModelIdentity(String name, String version, String arch, String uuid) {

    static final String DEFAULT_MODEL = "general";

    static ModelIdentity of(String requestedModel) {
        String name = requestedModel.isBlank() ? DEFAULT_MODEL : requestedModel;
        return new ModelIdentity(name, "hark", "hark",
                UUID.nameUUIDFromBytes(("hark:" + name).getBytes(StandardCharsets.UTF_8)).toString());
    }

    ListenWire.ModelInfo info() {
        return new ListenWire.ModelInfo(name, version, arch);
    }
}
