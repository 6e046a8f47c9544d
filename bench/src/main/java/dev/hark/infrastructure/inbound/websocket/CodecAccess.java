package dev.hark.infrastructure.inbound.websocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.application.port.outbound.ServerMessage;
import java.util.function.Function;

/**
 * The bench module's window onto the package-private {@link ProtocolCodec}: the benchmarks
 * encode exactly what Hark sends a client. Lives in the bench module, never in the product.
 */
public final class CodecAccess {

    private CodecAccess() {
    }

    public static Function<ServerMessage, String> encoder(ObjectMapper mapper) {
        return new ProtocolCodec(mapper)::encode;
    }
}
