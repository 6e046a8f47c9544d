package dev.hark.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency rule of the hexagon, as ArchUnit rules parameterised by the root package so
 * the meta-test can aim them at a deliberately broken fixture.
 */
final class HarkArchitectureRules {

    static final String[] FRAMEWORKS = {
        "org.eclipse.jetty..", "io.dropwizard..", "com.fasterxml.jackson..", "com.google.inject..",
        "com.sun.jna..", "jakarta..", "org.slf4j..", "com.codahale.."
    };

    private HarkArchitectureRules() {
    }

    /** The domain is pure Java. */
    static ArchRule domainDependsOnlyOnJava(String root) {
        return classes().that().resideInAPackage(root + ".domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", root + ".domain..")
                .because("the domain holds the rules and must not know any framework")
                .allowEmptyShould(false);
    }

    /** The application knows the domain and the JDK, nothing else. */
    static ArchRule applicationDependsOnlyOnDomainAndJava(String root) {
        return classes().that().resideInAPackage(root + ".application..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", root + ".domain..", root + ".application..")
                .because("use cases and ports are framework-free; adapters plug into them")
                .allowEmptyShould(false);
    }

    /** No framework below infrastructure. */
    static ArchRule noFrameworkInTheCore(String root) {
        return noClasses().that().resideInAnyPackage(root + ".domain..", root + ".application..")
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                .allowEmptyShould(false);
    }

    /** No ambient time, sleeping or thread pools in the core: they are injected. */
    static ArchRule noAmbientTimeOrThreadsInTheCore(String root) {
        return noClasses().that().resideInAnyPackage(root + ".domain..", root + ".application..")
                .and().haveSimpleNameNotEndingWith("Test")
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(Thread.class, "sleep", long.class)
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .orShould().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                                com.tngtech.archunit.base.DescribedPredicate.describe("java.util.concurrent.Executors",
                                        owner -> owner.getName().equals("java.util.concurrent.Executors")))))
                .allowEmptyShould(false);
    }

    /**
     * Durations in the session core come from the injected monotonic ticker; the core shows people
     * no timestamps, so it reads no wall clock at all (an NTP step must not move a watchdog).
     * {@code application.access} is the one exception: an access token's issue and expiry times
     * are timestamps (a token's {@code exp} is a date any server sharing the secret checks), so
     * they are read from the injected {@code Clock}; nothing there measures a duration.
     */
    static ArchRule noWallClockInTheCore(String root) {
        return noClasses().that().resideInAnyPackage(root + ".domain..", root + ".application..")
                .and().resideOutsideOfPackage(root + ".application.access..")
                .should().callMethod(java.time.Clock.class, "instant")
                .orShould().callMethod(java.time.Clock.class, "millis")
                .because("durations are measured on the TickerPort, never on a clock NTP can step")
                .allowEmptyShould(false);
    }

    /** Infrastructure never reaches up into bootstrap. */
    static ArchRule infrastructureDoesNotKnowBootstrap(String root) {
        return noClasses().that().resideInAPackage(root + ".infrastructure..")
                .should().dependOnClassesThat().resideInAPackage(root + ".bootstrap..")
                .allowEmptyShould(false);
    }

    /** Adapters do not see each other: inbound adapters and outbound adapters meet only at ports. */
    static ArchRule inboundAdaptersDoNotUseOutboundAdapters(String root) {
        return noClasses().that().resideInAPackage(root + ".infrastructure.inbound..")
                .should().dependOnClassesThat().resideInAPackage(root + ".infrastructure.outbound..")
                .allowEmptyShould(false);
    }

    static ArchRule outboundAdaptersDoNotUseInboundAdapters(String root) {
        return noClasses().that().resideInAPackage(root + ".infrastructure.outbound..")
                .should().dependOnClassesThat().resideInAPackage(root + ".infrastructure.inbound..")
                .allowEmptyShould(false);
    }

    /**
     * The Deepgram emulator is a development tool: only the command that serves it may use it,
     * so nothing on the serving path can come to depend on a test double.
     */
    static ArchRule onlyTheEmulatorCommandUsesTheEmulator(String root) {
        return noClasses().that().resideOutsideOfPackages(root + ".emulator..", root + ".bootstrap.cli..")
                .should().dependOnClassesThat().resideInAPackage(root + ".emulator..")
                .allowEmptyShould(false);
    }
}
