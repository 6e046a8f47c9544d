package dev.hark.application.testing;

import dev.hark.application.port.outbound.ClientChannelPort;
import dev.hark.application.port.outbound.ServerMessage;
import dev.hark.domain.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/** A client channel that records what would have gone over the socket. */
public final class RecordingChannel implements ClientChannelPort {

    private final List<ServerMessage> sent = new ArrayList<>();
    private final List<String> closes = new ArrayList<>();

    @Override
    public synchronized void send(ServerMessage message) {
        sent.add(message);
    }

    @Override
    public synchronized void closeNormally() {
        closes.add("normal");
    }

    @Override
    public synchronized void closeFor(ErrorCode reason) {
        closes.add(reason.name());
    }

    public synchronized List<ServerMessage> sent() {
        return List.copyOf(sent);
    }

    public synchronized <T extends ServerMessage> List<T> sent(Class<T> type) {
        return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Close requests in order: "normal" or an error code name. */
    public synchronized List<String> closes() {
        return List.copyOf(closes);
    }
}
