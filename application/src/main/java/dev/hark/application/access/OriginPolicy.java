package dev.hark.application.access;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser pages may open sessions. A request without {@code Origin} is not from a browser
 * page and is not judged here (credentials protect it). A page is allowed when it is Hark's own
 * (same scheme, host and port), when its origin is listed ({@code *} lists every origin), or,
 * while the server serves loopback only without keys, when it is itself on loopback (a local dev
 * server). Anything else is refused at the upgrade: a page on some site the user visits must not
 * use a server that trusts everything reaching it.
 */
final class OriginPolicy {

    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final Set<String> allowed;
    private final boolean any;
    private final boolean loopbackPages;

    OriginPolicy(List<String> allowedOrigins, boolean loopbackPages) {
        this.allowed = allowedOrigins.stream().map(OriginPolicy::normalise).collect(Collectors.toUnmodifiableSet());
        this.any = allowed.contains("*");
        this.loopbackPages = loopbackPages;
    }

    boolean allows(Optional<String> origin, String ownOrigin) {
        if (origin.isEmpty() || any) {
            return true;
        }
        String page = normalise(origin.get());
        return page.equals(normalise(ownOrigin)) || allowed.contains(page) || (loopbackPages && onLoopback(page));
    }

    private static boolean onLoopback(String origin) {
        try {
            String host = URI.create(origin).getHost();
            return host != null && LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String normalise(String origin) {
        String trimmed = origin.strip().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
