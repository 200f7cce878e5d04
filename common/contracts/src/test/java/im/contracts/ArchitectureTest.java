package im.contracts;

import im.infra.junit.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void dependsOnSharedModulesOnlyWithoutPackageCycles() {
        ArchitectureRules.checkShared("im.contracts", "im.protocol..", "tools.jackson..");
    }
}
