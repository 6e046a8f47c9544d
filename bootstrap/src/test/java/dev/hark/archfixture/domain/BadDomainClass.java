package dev.hark.archfixture.domain;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Deliberately breaks the domain rules; only ArchitectureRulesMetaTest looks at it. */
public final class BadDomainClass {

    private final ObjectMapper mapper = new ObjectMapper();

    public String stamp() {
        return mapper.getClass().getName() + System.currentTimeMillis();
    }
}
