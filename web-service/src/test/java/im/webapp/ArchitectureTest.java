package im.webapp;

import im.infra.junit.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void dependsOnlyOnItselfAndCommonWithoutPackageCycles() {
        ArchitectureRules.check("im.webapp");
    }
}
