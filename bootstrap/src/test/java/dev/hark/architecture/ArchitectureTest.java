package dev.hark.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dependencies point inward: domain <- application <- infrastructure <- bootstrap. */
class ArchitectureTest {

    private static final String ROOT = "dev.hark";
    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages(ROOT);
    }

    @Test
    void domainDependsOnlyOnJava() {
        HarkArchitectureRules.domainDependsOnlyOnJava(ROOT).check(production);
    }

    @Test
    void applicationDependsOnlyOnDomainAndJava() {
        HarkArchitectureRules.applicationDependsOnlyOnDomainAndJava(ROOT).check(production);
    }

    @Test
    void noFrameworkBelowInfrastructure() {
        HarkArchitectureRules.noFrameworkInTheCore(ROOT).check(production);
    }

    @Test
    void noAmbientTimeOrThreadsInTheCore() {
        HarkArchitectureRules.noAmbientTimeOrThreadsInTheCore(ROOT).check(production);
    }

    @Test
    void noWallClockInTheCore() {
        HarkArchitectureRules.noWallClockInTheCore(ROOT).check(production);
    }

    @Test
    void infrastructureDoesNotKnowBootstrap() {
        HarkArchitectureRules.infrastructureDoesNotKnowBootstrap(ROOT).check(production);
    }

    @Test
    void adaptersMeetOnlyAtPorts() {
        HarkArchitectureRules.inboundAdaptersDoNotUseOutboundAdapters(ROOT).check(production);
        HarkArchitectureRules.outboundAdaptersDoNotUseInboundAdapters(ROOT).check(production);
    }

    @Test
    void theEmulatorStaysADevelopmentTool() {
        HarkArchitectureRules.onlyTheEmulatorCommandUsesTheEmulator(ROOT).check(production);
    }
}
