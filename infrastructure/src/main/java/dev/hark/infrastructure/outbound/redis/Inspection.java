package dev.hark.infrastructure.outbound.redis;

import dev.hark.application.port.outbound.store.InspectOutcome;
import dev.hark.application.port.outbound.store.NotFound;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.SessionId;
import java.util.concurrent.CompletionStage;

/** {@code hark_1_inspect}: a session's fences and counters in one read-only call. */
final class Inspection {

    private Inspection() {
    }

    static CompletionStage<InspectOutcome> of(FunctionCalls calls, SessionId id) {
        return calls.callReadOnly(FunctionLibrary.INSPECT, StoreKeys.all(id),
                reply -> switch (reply.status()) {
                    case "OK" -> new InspectOutcome.Inspected(new Generation(reply.number(1)), reply.string(2),
                            reply.string(3), reply.number(4), reply.string(10).equals("1"), reply.number(5),
                            reply.number(6), reply.number(7), reply.number(8), SessionPhases.read(reply.string(9)));
                    case "NOT_FOUND" -> new NotFound();
                    default -> throw LettuceGatewayStoreAdapter.unexpected(reply);
                },
                unavailable -> unavailable);
    }
}
