package im.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrorCatalogueTest {

    /**
     * Codes added on the admin branch (issue 9), which does not edit docs/protocol.md while others do:
     * their rows are in docs/admin.md until protocol.md's table lists them. Once it does, empty this set.
     */
    private static final Set<ErrorCode> ROW_IN_ADMIN_DOC_UNTIL_PROTOCOL_LISTS_IT = EnumSet.noneOf(ErrorCode.class);

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
        String protocol = Files.readString(doc("protocol.md"));
        String admin = Files.readString(doc("admin.md"));
        for (ErrorCode e : ErrorCode.values()) {
            String close = e.closesConnection() ? String.valueOf(e.closeCode()) : "— (error frame, stays open)";
            String row = "| `" + e.code() + "` | " + e.meaning() + " | " + e.httpStatus() + " | " + close + " |";
            if (ROW_IN_ADMIN_DOC_UNTIL_PROTOCOL_LISTS_IT.contains(e) && !protocol.contains(row)) {
                assertThat(admin).as(e.name() + " in docs/admin.md").contains(row);
            } else {
                assertThat(protocol).as(e.name()).contains(row);
            }
        }
    }

    private static Path doc(String name) {
        // The repository's docs folder, from the repository root or any module below it (Surefire's cwd).
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs")) && Files.exists(dir.resolve("mvnw"))) {
                return dir.resolve("docs").resolve(name);
            }
        }
        throw new IllegalStateException("no docs folder above " + Path.of("").toAbsolutePath());
    }
}
