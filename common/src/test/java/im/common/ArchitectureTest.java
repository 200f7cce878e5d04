package im.common;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import im.common.ring.RingProperties;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("im.common");

    @Test
    void commonDependsOnNoService() {
        noClasses()
                .that()
                .resideInAPackage("im.common..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("im.gateway..", "im.routing..", "im.presence..", "im.group..", "im.infra..")
                .check(classes);
    }

    @Test
    void commonHasNoPackageCycles() {
        slices().matching("im.common.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theRingDependsOnNothingButTheJdkExceptItsConfigurationRecord() {
        noClasses()
                .that()
                .resideInAPackage("im.common.ring..")
                .and(not(belongToAnyOf(RingProperties.class)))
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("java..", "im.common.ring..")
                .check(classes);
    }
}
