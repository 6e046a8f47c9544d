package dev.hark.bootstrap.health;

import com.codahale.metrics.health.HealthCheck;
import dev.hark.application.port.inbound.SessionStatsQuery;

/** Reports how many sessions are live; read through the typed stats port, not a cast. */
public final class SessionsHealthCheck extends HealthCheck {

    private final SessionStatsQuery stats;

    public SessionsHealthCheck(SessionStatsQuery stats) {
        this.stats = stats;
    }

    @Override
    protected Result check() {
        return Result.builder().healthy().withDetail("activeSessions", stats.activeSessions()).build();
    }
}
