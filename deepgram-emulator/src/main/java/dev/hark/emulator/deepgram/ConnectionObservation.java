package dev.hark.emulator.deepgram;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A snapshot of what one client did on one connection, in arrival order of connections.
 * {@link #toString()} never shows credentials: {@code Authorization} keeps only its scheme and
 * a {@code token}/{@code bearer} subprotocol pair loses its second element.
 *
 * @param index            0-based position among all handshakes the emulator saw
 * @param requestId        the {@code dg-request-id} sent to this client
 * @param handshakeStatus  the status answered: 101, a rejection status, or 0 while a delayed
 *                         handshake is still pending
 * @param query            the query string as a multimap: repeated keys keep every value in order
 * @param headers          request headers, names case-insensitive, values as sent
 * @param subprotocol      the subprotocol the emulator selected, "" for none
 * @param emptyBinaryFrame the client sent a zero-length binary frame (legacy end of stream)
 * @param closeCode        the close code the emulator sent, 0 when it sent none
 * @param closeReason      the reason of that close, "" when none
 * @param ended            the connection is over (rejected, or the socket closed)
 * @param sent             what the emulator sent on this connection, by kind
 */
public record ConnectionObservation(int index, String requestId, int handshakeStatus,
                                    Map<String, List<String>> query, Map<String, List<String>> headers,
                                    String subprotocol, long binaryFrames, long binaryBytes, int keepAlives,
                                    int finalizes, int closeStreams, int otherTexts, boolean emptyBinaryFrame,
                                    int closeCode, String closeReason, boolean ended, Sent sent) {

    /**
     * The messages the emulator handed to the socket on one connection, counted by kind, so a
     * test can compare what a client reported with what it was sent (for example how many
     * {@code UtteranceEnd} a client dropped as redundant).
     *
     * @param interims        Results with {@code is_final:false}, empty ones included
     * @param finals          Results with {@code is_final:true}, empty ones included
     * @param finalsWithWords finals whose transcript is not empty
     * @param speechFinals    finals with {@code speech_final:true}
     * @param fromFinalize    finals with {@code from_finalize:true}
     * @param speechStarted   SpeechStarted messages
     * @param utteranceEnds   UtteranceEnd messages
     * @param metadata        Metadata messages
     */
    public record Sent(int interims, int finals, int finalsWithWords, int speechFinals, int fromFinalize,
                       int speechStarted, int utteranceEnds, int metadata) {
    }

    public ConnectionObservation {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(sent, "sent");
        Objects.requireNonNull(subprotocol, "subprotocol");
        Objects.requireNonNull(closeReason, "closeReason");
        query = copyOf(query, new LinkedHashMap<>());
        headers = copyOf(headers, new TreeMap<>(String.CASE_INSENSITIVE_ORDER));
    }

    /** Every value of a query key, in order; empty when absent. */
    public List<String> queryValues(String key) {
        return query.getOrDefault(key, List.of());
    }

    /** The first value of a header (name case-insensitive), or "" when absent. */
    public String header(String name) {
        List<String> values = headers.getOrDefault(name, List.of());
        return values.isEmpty() ? "" : values.getFirst();
    }

    @Override
    public String toString() {
        return "ConnectionObservation[index=" + index + ", requestId=" + requestId + ", handshakeStatus="
                + handshakeStatus + ", query=" + query + ", headers=" + redactedHeaders() + ", subprotocol="
                + subprotocol + ", binaryFrames=" + binaryFrames + ", binaryBytes=" + binaryBytes + ", keepAlives="
                + keepAlives + ", finalizes=" + finalizes + ", closeStreams=" + closeStreams + ", otherTexts="
                + otherTexts + ", emptyBinaryFrame=" + emptyBinaryFrame + ", closeCode=" + closeCode
                + ", closeReason=" + closeReason + ", ended=" + ended + ", sent=" + sent + "]";
    }

    private Map<String, List<String>> redactedHeaders() {
        Map<String, List<String>> redacted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> redacted.put(name, switch (name.toLowerCase(Locale.ROOT)) {
            case "authorization" -> values.stream().map(ConnectionObservation::schemeOnly).toList();
            case "sec-websocket-protocol" -> List.of(withoutCredential(String.join(",", values)));
            default -> values;
        }));
        return redacted;
    }

    private static String schemeOnly(String authorization) {
        String trimmed = authorization.strip();
        int space = trimmed.indexOf(' ');
        return (space < 0 ? "" : trimmed.substring(0, space) + " ") + "[redacted]";
    }

    /**
     * {@code token, KEY, other} becomes {@code token, [redacted], other}. Clients may send the
     * list as one header or one header per item, so all values are joined first.
     */
    private static String withoutCredential(String protocols) {
        String[] parts = protocols.split(",");
        StringBuilder out = new StringBuilder();
        boolean redactNext = false;
        for (String part : parts) {
            String item = part.strip();
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append(redactNext ? "[redacted]" : item);
            redactNext = !redactNext && (item.equalsIgnoreCase("token") || item.equalsIgnoreCase("bearer"));
        }
        return out.toString();
    }

    private static Map<String, List<String>> copyOf(Map<String, List<String>> source,
                                                    Map<String, List<String>> target) {
        Objects.requireNonNull(source);
        source.forEach((key, values) -> target.put(key, List.copyOf(values)));
        return Collections.unmodifiableMap(target);
    }
}
