package dev.hark.infrastructure.outbound.deepgram;

import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.domain.session.SessionId;
import dev.hark.infrastructure.outbound.deepgram.HandshakeResponse.Answer;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failed upgrade into what the session needs (a typed {@link RecognizerException}) and
 * what an operator needs (one WARN line with the HTTP status, Deepgram's {@code dg-error} and
 * {@code dg-request-id}). The client-facing error is a fixed text; Deepgram's own words only
 * reach the log, with the API key scrubbed should they ever echo it.
 */
final class UpgradeFailures {

    private static final Logger LOG = LoggerFactory.getLogger(DeepgramRecognizerAdapter.class);
    private static final int MAX_LOGGED_TEXT = 300;

    private final ProviderFailures failures;
    private final String apiKey;

    UpgradeFailures(ProviderFailures failures, String apiKey) {
        this.failures = failures;
        this.apiKey = apiKey;
    }

    /** {@code answer} is the HTTP response if one arrived, else null. */
    RecognizerException classify(SessionId sessionId, Throwable failure, Answer answer) {
        Throwable cause = unwrap(failure);
        int status = answer != null ? answer.status() : statusOf(cause);
        if (status <= 0 || status == 101) {
            return unreachable(sessionId, cause);
        }
        LOG.warn("session {}: Deepgram refused the stream: HTTP {}, dg-error: {}, dg-request-id: {}", sessionId, status,
                answer == null ? "(none)" : scrub(answer.error()), answer == null ? "(none)" : answer.requestId());
        return failures.handshakeRefused(status, cause);
    }

    /** No HTTP answer at all: refused, reset, unresolvable, or the client could not even start the request. */
    RecognizerException unreachable(SessionId sessionId, Throwable cause) {
        LOG.warn("session {}: cannot connect to Deepgram: {}", sessionId, scrub(String.valueOf(cause)));
        return failures.unreachable(cause);
    }

    private String scrub(String text) {
        String scrubbed = text.replace(apiKey, "***");
        return scrubbed.length() > MAX_LOGGED_TEXT ? scrubbed.substring(0, MAX_LOGGED_TEXT) + "…" : scrubbed;
    }

    private static int statusOf(Throwable cause) {
        return cause instanceof UpgradeException upgrade ? upgrade.getResponseStatusCode() : -1;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
