package im.web.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SecretTest {

    private static final String VALUE = "s3cr3t-value-that-must-never-show";

    /** A settings record as services declare them: a secret beside ordinary values. */
    record Settings(String name, Secret key) {}

    @Test
    void toStringOfTheSecretAndOfARecordHoldingItShowOnlyTheMask() {
        Secret s = Secret.valueOf(VALUE);
        assertThat(s).hasToString(Secret.MASK);
        assertThat(new Settings("gw", s).toString()).contains(Secret.MASK).doesNotContain(VALUE);
    }

    @Test
    void jsonOfARecordHoldingASecretShowsOnlyTheMaskNeverTheValueOrItsBase64() {
        String json = JsonMapper.builder()
                .build()
                .writeValueAsString(Map.of("settings", new Settings("gw", Secret.valueOf(VALUE))));
        assertThat(json)
                .contains("\"key\":\"" + Secret.MASK + "\"")
                .doesNotContain(VALUE)
                .doesNotContain(Base64.getEncoder().encodeToString(VALUE.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theValueIsReadOnlyWhereAskedForAndComparedWhole() {
        Secret s = Secret.valueOf(VALUE);
        assertThat(s.reveal()).isEqualTo(VALUE);
        assertThat(s.bytes()).isEqualTo(VALUE.getBytes(StandardCharsets.UTF_8));
        assertThat(s.matches(VALUE)).isTrue();
        assertThat(s.matches(VALUE + "x")).isFalse();
        assertThat(s.matches(VALUE.substring(1))).isFalse();
        assertThat(s.matches(null)).isFalse();
    }

    @Test
    void blankOrAbsentValuesAreUnset() {
        assertThat(Secret.valueOf(null)).isNull();
        assertThat(Secret.valueOf("  ")).isNull();
    }
}
