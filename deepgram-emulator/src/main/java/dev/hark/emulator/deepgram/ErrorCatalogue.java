package dev.hark.emulator.deepgram;

/**
 * Rejection bodies by status, from Deepgram's REST error catalogue (deepgram-protocol.md §1.4);
 * the exact WebSocket texts are unconfirmed, and so are all 5xx texts.
 */
final class ErrorCatalogue {

    private ErrorCatalogue() {
    }

    static HandshakeDecision.Reject forStatus(int status) {
        return switch (status) {
            case 400 -> new HandshakeDecision.Reject(400, "Bad Request",
                    "Bad Request: No such model/version combination found.");
            case 401 -> invalidAuth();
            case 402 -> new HandshakeDecision.Reject(402, "ASR_PAYMENT_REQUIRED",
                    "Project does not have enough credits for an ASR request and does not have an overage"
                            + " agreement.");
            case 403 -> new HandshakeDecision.Reject(403, "INSUFFICIENT_PERMISSIONS",
                    "Project does not have access to the requested model.");
            case 429 -> new HandshakeDecision.Reject(429, "TOO_MANY_REQUESTS",
                    "Too many requests. Please try again later");
            case 500 -> new HandshakeDecision.Reject(500, "INTERNAL_SERVER_ERROR",
                    "Internal server error. Please try again later.");
            case 502, 503, 504 -> new HandshakeDecision.Reject(status, "SERVICE_UNAVAILABLE",
                    "The service is temporarily unavailable. Please try again later.");
            default -> new HandshakeDecision.Reject(status, "REQUEST_FAILED",
                    "The request was rejected with status " + status + ".");
        };
    }

    static HandshakeDecision.Reject invalidAuth() {
        return new HandshakeDecision.Reject(401, "INVALID_AUTH", "Invalid credentials.");
    }

    static HandshakeDecision.Reject invalidQuery(String detail) {
        return new HandshakeDecision.Reject(400, "INVALID_QUERY_PARAMETER",
                "Failed to deserialize query parameters: " + detail);
    }
}
