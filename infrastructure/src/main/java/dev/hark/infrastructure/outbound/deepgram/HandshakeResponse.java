package dev.hark.infrastructure.outbound.deepgram;

import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.websocket.client.JettyUpgradeListener;

/**
 * Catches the HTTP answer to one upgrade, successful or not. Jetty's upgrade failure carries
 * only the status; operators need Deepgram's {@code dg-error} (why) and {@code dg-request-id}
 * (what Deepgram support asks for), which only the response headers hold.
 */
final class HandshakeResponse implements JettyUpgradeListener {

    /** The parts of the response worth logging; headers absent from the response are empty. */
    record Answer(int status, String error, String requestId) {
    }

    private final AtomicReference<Answer> answer = new AtomicReference<>();

    @Override
    public void onHandshakeRequest(Request request) {
        request.onResponseHeaders(this::record);
    }

    private void record(Response response) {
        answer.set(new Answer(response.getStatus(), header(response, "dg-error"), header(response, "dg-request-id")));
    }

    /** The answer, or null when none arrived (connection refused, timeout). */
    Answer answer() {
        return answer.get();
    }

    private static String header(Response response, String name) {
        String value = response.getHeaders().get(name);
        return value == null ? "" : value;
    }
}
