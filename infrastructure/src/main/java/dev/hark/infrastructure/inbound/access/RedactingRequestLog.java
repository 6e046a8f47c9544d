package dev.hark.infrastructure.inbound.access;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.ContainerLifeCycle;

/**
 * Wraps the server's request log so that whatever its format asks for (the request line, the
 * query, any header), no secret reaches it: the values of {@code resume_token} and
 * {@code access_token} in the query, the credential of {@code Authorization} and
 * {@code Proxy-Authorization} (the scheme stays), the item after {@code bearer}/{@code token} in
 * {@code Sec-WebSocket-Protocol}, and cookies become {@value #REDACTED}. Done on the request the
 * log sees rather than in a log pattern, so an operator's own {@code logFormat} cannot leak them.
 */
public final class RedactingRequestLog extends ContainerLifeCycle implements RequestLog {

    public static final String REDACTED = "REDACTED";
    static final Set<String> SECRET_PARAMETERS = Set.of("resume_token", "access_token");

    private final RequestLog delegate;

    public RedactingRequestLog(RequestLog delegate) {
        this.delegate = delegate;
        addBean(delegate);
    }

    /** Replaces {@code server}'s request log, if it has one, by a redacting wrapper (once). Call before it starts. */
    public static void installOn(Server server) {
        RequestLog current = server.getRequestLog();
        if (current != null && !(current instanceof RedactingRequestLog)) {
            server.setRequestLog(new RedactingRequestLog(current));
        }
    }

    @Override
    public void log(Request request, Response response) {
        delegate.log(new Redacted(request), response);
    }

    static String redactQuery(String query) {
        if (query == null || query.isEmpty()) {
            return query;
        }
        StringBuilder out = new StringBuilder(query.length());
        for (String pair : query.split("&", -1)) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            out.append(SECRET_PARAMETERS.contains(name.toLowerCase(Locale.ROOT)) ? name + "=" + REDACTED : pair);
        }
        return out.toString();
    }

    static HttpFields redactHeaders(HttpFields headers) {
        HttpFields.Mutable copy = HttpFields.build(headers.size());
        for (HttpField field : headers) {
            copy.add(field.getName(), redactedValue(field.getName().toLowerCase(Locale.ROOT), field.getValue()));
        }
        return copy.asImmutable();
    }

    private static String redactedValue(String name, String value) {
        return switch (name) {
            case "authorization", "proxy-authorization" -> {
                int space = value.strip().indexOf(' ');
                yield space < 0 ? REDACTED : value.strip().substring(0, space) + " " + REDACTED;
            }
            case "cookie", "set-cookie" -> REDACTED;
            case "sec-websocket-protocol" -> redactSubprotocols(value);
            default -> value;
        };
    }

    private static String redactSubprotocols(String value) {
        List<String> items = HandshakeCredentials.splitSubprotocols(List.of(value));
        StringBuilder out = new StringBuilder();
        boolean secretNext = false;
        for (String item : items) {
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append(secretNext ? REDACTED : item);
            String scheme = item.toLowerCase(Locale.ROOT);
            secretNext = !secretNext && (scheme.equals("bearer") || scheme.equals("token"));
        }
        return out.toString();
    }

    /** The request as the log sees it: same everything, secrets replaced. */
    private static final class Redacted extends Request.Wrapper {

        Redacted(Request wrapped) {
            super(wrapped);
        }

        @Override
        public HttpURI getHttpURI() {
            HttpURI uri = super.getHttpURI();
            String query = uri.getQuery();
            return query == null ? uri : HttpURI.build(uri).query(redactQuery(query)).asImmutable();
        }

        @Override
        public HttpFields getHeaders() {
            return redactHeaders(super.getHeaders());
        }
    }
}
