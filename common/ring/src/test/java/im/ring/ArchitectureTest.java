package im.ring;

import im.infra.junit.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void dependsOnSharedModulesOnlyWithoutPackageCycles() {
        ArchitectureRules.checkShared("im.ring", "im.ring..");
    }
}
