package dev.hark.infrastructure.inbound.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.application.port.inbound.AccessRequest;
import dev.hark.application.port.inbound.AuthFailure;
import dev.hark.application.port.inbound.Authentication;
import dev.hark.application.port.inbound.GrantAccessTokenUseCase;
import dev.hark.application.port.inbound.GrantAccessTokenUseCase.AccessGrant;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/auth/grant}, shaped like Deepgram's temporary-token endpoint: an app backend
 * presents its API key ({@code Authorization: Bearer|Token KEY}) and gets
 * {@code {"access_token": "...", "expires_in": 30}} to hand to a browser. An optional JSON body
 * {@code {"ttl_seconds": N}} asks for another lifetime (1 to 3600). A token cannot mint another
 * token. Refusals are JSON {@code {"err_code", "err_msg"}} with the {@code hark-error} header.
 */
public final class AccessGrantServlet extends HttpServlet {

    public static final String PATH = "/v1/auth/grant";

    private final transient GrantAccessTokenUseCase grants;
    private final transient ObjectMapper json;

    public AccessGrantServlet(GrantAccessTokenUseCase grants, ObjectMapper json) {
        this.grants = grants;
        this.json = json;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HandshakeCredentials found = HandshakeCredentials.find(UpgradeGate.headers(request, "Authorization"),
                List.of(), Map.of());
        Authentication outcome = grants.authenticateGranter(new AccessRequest(found.credential(), found.malformed(),
                Optional.empty(), UpgradeGate.ownOrigin(request)));
        switch (outcome) {
            case Authentication.Refused refused -> refuse(response, refused.reason(), refused.message());
            case Authentication.Authenticated ok -> {
                Optional<Duration> ttl;
                try {
                    ttl = requestedTtl(request.getInputStream());
                } catch (IllegalArgumentException e) {
                    writeJson(response, 400, json.createObjectNode().put("err_code", "INVALID_PARAMETER")
                            .put("err_msg", e.getMessage()));
                    return;
                }
                AccessGrant grant = grants.grant(ok.caller(), ttl);
                response.setHeader("Cache-Control", "no-store");
                writeJson(response, 200, json.createObjectNode().put("access_token", grant.accessToken())
                        .put("expires_in", grant.expiresIn().toSeconds()));
            }
        }
    }

    private Optional<Duration> requestedTtl(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(4096);
        if (bytes.length == 0) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = json.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body must be JSON, e.g. {\"ttl_seconds\": 30}");
        }
        JsonNode ttl = node == null ? null : node.get("ttl_seconds");
        if (ttl == null || ttl.isNull()) {
            return Optional.empty();
        }
        if (!ttl.canConvertToInt() || ttl.asInt() < 1 || ttl.asInt() > GrantAccessTokenUseCase.MAX_TTL.toSeconds()) {
            throw new IllegalArgumentException("ttl_seconds must be a whole number from 1 to "
                    + GrantAccessTokenUseCase.MAX_TTL.toSeconds());
        }
        return Optional.of(Duration.ofSeconds(ttl.asInt()));
    }

    private void refuse(HttpServletResponse response, AuthFailure reason, String message) throws IOException {
        response.setHeader(UpgradeRefusal.ERROR_HEADER, reason.name() + ": " + message);
        if (reason.httpStatus() == 401) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"hark\"");
        }
        writeJson(response, reason.httpStatus(), json.createObjectNode().put("err_code", reason.name())
                .put("err_msg", message));
    }

    private void writeJson(HttpServletResponse response, int status, JsonNode body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body);
    }
}
