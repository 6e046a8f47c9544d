package dev.hark.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * Proves the rules can fail: aimed at {@code dev.hark.archfixture}, whose "domain" class
 * deliberately imports Jackson and reads the wall clock (twice: the system's and an injected
 * {@code Clock}'s), each rule must report it.
 */
class ArchitectureRulesMetaTest {

    private static final String FIXTURE_ROOT = "dev.hark.archfixture";
    private final JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE_ROOT);

    @Test
    void domainRuleCatchesAFrameworkImport() {
        assertThatThrownBy(() -> HarkArchitectureRules.domainDependsOnlyOnJava(FIXTURE_ROOT).check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("com.fasterxml.jackson");
    }

    @Test
    void frameworkRuleCatchesAFrameworkImport() {
        assertThatThrownBy(() -> HarkArchitectureRules.noFrameworkInTheCore(FIXTURE_ROOT).check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ObjectMapper");
    }

    @Test
    void ambientTimeRuleCatchesAWallClockRead() {
        assertThatThrownBy(() -> HarkArchitectureRules.noAmbientTimeOrThreadsInTheCore(FIXTURE_ROOT).check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("currentTimeMillis");
    }

    @Test
    void wallClockRuleCatchesADurationMeasuredOnAClock() {
        assertThatThrownBy(() -> HarkArchitectureRules.noWallClockInTheCore(FIXTURE_ROOT).check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Clock.instant");
    }

    @Test
    void rulesDoNotPassVacuouslyOnAnEmptyPackage() {
        JavaClasses nothing = new ClassFileImporter().importPackages("dev.hark.no.such.package");
        assertThat(nothing).isEmpty();
        assertThatThrownBy(() -> HarkArchitectureRules.domainDependsOnlyOnJava("dev.hark.no.such.package").check(nothing))
                .isInstanceOf(AssertionError.class);
    }
}
