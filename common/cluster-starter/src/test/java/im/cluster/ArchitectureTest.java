package im.cluster;

import im.infra.junit.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void dependsOnSharedModulesOnlyWithoutPackageCycles() {
        ArchitectureRules.checkShared("im.cluster");
    }
}
