package im.common.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrorCatalogueTest {

    @Test
    void codesAreUniqueLowerCaseAndRoundTrip() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code)).doesNotHaveDuplicates();
        for (ErrorCode e : ErrorCode.values()) {
            assertThat(e.code()).matches("[a-z_]+");
            assertThat(ErrorCode.fromCode(e.code())).isSameAs(e);
        }
    }

    @Test
    void closeCodesAreStandardOrInTheApplicationRange() {
        for (ErrorCode e : ErrorCode.values()) {
            if (e.closesConnection()) {
                assertThat(e.closeCode())
                        .satisfiesAnyOf(
                                c -> assertThat(c).isBetween(1000, 1015),
                                c -> assertThat(c).isBetween(4000, 4999));
            }
        }
    }

    @Test
    void theProtocolDocumentListsEveryCodeExactlyAsTheCatalogue() throws Exception {
        Path doc = Files.isDirectory(Path.of("docs")) ? Path.of("docs/protocol.md") : Path.of("../docs/protocol.md");
        String text = Files.readString(doc);
        for (ErrorCode e : ErrorCode.values()) {
            String close = e.closesConnection() ? String.valueOf(e.closeCode()) : "— (error frame, stays open)";
            assertThat(text)
                    .as(e.name())
                    .contains("| `" + e.code() + "` | " + e.meaning() + " | " + e.httpStatus() + " | " + close + " |");
        }
    }
}
