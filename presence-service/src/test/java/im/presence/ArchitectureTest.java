package im.presence;

import im.infra.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void dependsOnlyOnItselfAndCommonWithoutPackageCycles() {
        ArchitectureRules.check("im.presence");
    }
}
