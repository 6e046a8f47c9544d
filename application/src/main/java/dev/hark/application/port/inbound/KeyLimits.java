package dev.hark.application.port.inbound;

/**
 * What one API key may use, whoever presents it (the key itself or tokens minted from it).
 *
 * @param maxConcurrentSessions sessions open at once (attached or awaiting a resume); 0 = no limit
 * @param newSessionsPerSecond  sustained rate of new sessions; 0 = no limit
 * @param sessionBurst          new sessions allowed at once before the rate applies (at least 1)
 */
public record KeyLimits(int maxConcurrentSessions, double newSessionsPerSecond, int sessionBurst) {

    public static final KeyLimits UNLIMITED = new KeyLimits(0, 0, 1);

    public KeyLimits {
        if (maxConcurrentSessions < 0 || newSessionsPerSecond < 0 || sessionBurst < 1) {
            throw new IllegalArgumentException("limits must not be negative and the burst at least 1: "
                    + maxConcurrentSessions + ", " + newSessionsPerSecond + "/s, burst " + sessionBurst);
        }
    }

    public boolean limitsConcurrency() {
        return maxConcurrentSessions > 0;
    }

    public boolean limitsRate() {
        return newSessionsPerSecond > 0;
    }
}
