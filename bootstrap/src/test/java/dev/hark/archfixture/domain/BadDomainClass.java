package dev.hark.archfixture.domain;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Deliberately breaks the domain rules; only ArchitectureRulesMetaTest looks at it. */
public final class BadDomainClass {

    private final ObjectMapper mapper = new ObjectMapper();

    public String stamp() {
        return mapper.getClass().getName() + System.currentTimeMillis();
    }

    /** A duration on the wall clock: wrong even when the clock is injected, since NTP may step it. */
    public long elapsedMillis(java.time.Clock clock, java.time.Instant since) {
        return java.time.Duration.between(since, clock.instant()).toMillis();
    }
}
