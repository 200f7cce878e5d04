package im.infra.junit;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The layering every module's {@code ArchitectureTest} checks: a service's main code depends on no
 * project code but its own, the shared modules ({@link #SHARED}) and the client modules of the
 * services whose data it reads ({@link #CLIENTS}); no package cycles.
 */
public final class ArchitectureRules {

    /** The packages of the shared modules under {@code common/}: contracts and starters. */
    public static final List<String> SHARED = List.of(
            "im.ring..",
            "im.protocol..",
            "im.contracts..",
            "im.cluster..",
            "im.web..",
            "im.security..",
            "im.messaging..");

    /** Client modules, each owned by the service whose data it reads. */
    public static final List<String> CLIENTS = List.of("im.presence.client..", "im.group.client..");

    private ArchitectureRules() {}

    private static String[] own(String basePackage) {
        List<String> allowed = new ArrayList<>(SHARED);
        allowed.add(basePackage + "..");
        return allowed.toArray(String[]::new);
    }

    /** Checks the module whose main code lives under {@code basePackage} (e.g. {@code im.gateway}). */
    public static void check(String basePackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(basePackage);
        List<String> allowed = new ArrayList<>(SHARED);
        allowed.addAll(CLIENTS);
        allowed.add(basePackage + "..");
        noClasses()
                .that()
                .resideInAPackage(basePackage + "..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage("im..").and(not(resideInAnyPackage(allowed.toArray(String[]::new)))))
                .because("services talk to each other over Kafka and REST, never through each other's code")
                .check(classes);
        slices().matching(basePackage + ".(**)")
                .should()
                .beFreeOfCycles()
                .allowEmptyShould(true)
                .check(classes);
    }

    /**
     * Checks a shared module under {@code basePackage}: it depends on no service and no client module,
     * only on the shared modules, {@code allowedOutside} (library packages, e.g. {@code java..}) when
     * that list is not empty, and has no package cycles.
     */
    public static void checkShared(String basePackage, String... allowedOutside) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(basePackage);
        noClasses()
                .that()
                .resideInAPackage(basePackage + "..")
                .should()
                .dependOnClassesThat(resideInAPackage("im..").and(not(resideInAnyPackage(own(basePackage)))))
                .because("shared code serves every service and knows none of them")
                .check(classes);
        if (allowedOutside.length > 0) {
            List<String> allowed = new ArrayList<>(List.of(allowedOutside));
            allowed.add("java..");
            allowed.add(basePackage + "..");
            noClasses()
                    .that()
                    .resideInAPackage(basePackage + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideOutsideOfPackages(allowed.toArray(String[]::new))
                    .check(classes);
        }
        slices().matching(basePackage + ".(**)")
                .should()
                .beFreeOfCycles()
                .allowEmptyShould(true)
                .check(classes);
    }
}
