package im.infra;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The layering every module's {@code ArchitectureTest} checks: a service's main code depends on no
 * project code but its own and {@code im.common}; {@code im.common} on no service; no package cycles.
 */
public final class ArchitectureRules {

    private ArchitectureRules() {}

    /** Checks the module whose main code lives under {@code basePackage} (e.g. {@code im.gateway}). */
    public static void check(String basePackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(basePackage);
        noClasses()
                .that()
                .resideInAPackage(basePackage + "..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage("im..").and(not(resideInAnyPackage(basePackage + "..", "im.common.."))))
                .because("services talk to each other over Kafka and REST, never through each other's code")
                .check(classes);
        slices().matching(basePackage + ".(**)")
                .should()
                .beFreeOfCycles()
                .allowEmptyShould(true)
                .check(classes);
    }
}
