package im.load;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("im.load");

    /** The client protocol ({@code im.protocol}) is public; the servers' own modules are not. */
    @Test
    void theToolSpeaksOnlyThePublicProtocolNotTheServersCode() {
        noClasses()
                .that()
                .resideInAPackage("im.load..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "im.ring..",
                        "im.contracts..",
                        "im.cluster..",
                        "im.web..",
                        "im.security..",
                        "im.messaging..",
                        "im.gateway..",
                        "im.routing..",
                        "im.presence..",
                        "im.group..",
                        "im.client..",
                        "im.infra..")
                .because("a measuring client must see the cluster as any client does, by URL")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("im.load.(*)..").should().beFreeOfCycles().check(classes);
    }
}
