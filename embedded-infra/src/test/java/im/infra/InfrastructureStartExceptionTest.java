package im.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class InfrastructureStartExceptionTest {

    @Test
    void namesTheServerTheInnermostReasonAndWhatToDo() {
        assertThatThrownBy(() -> InfrastructureStartException.starting("PostgreSQL", "see its log", () -> {
                    throw new UncheckedIOException(
                            "could not start PostgreSQL", new IOException("Gave up waiting for server to start"));
                }))
                .isInstanceOfSatisfying(InfrastructureStartException.class, e -> {
                    assertThat(e.server()).isEqualTo("PostgreSQL");
                    assertThat(e.reason()).isEqualTo("Gave up waiting for server to start");
                    assertThat(e.getMessage())
                            .isEqualTo("PostgreSQL did not start: Gave up waiting for server to start\n"
                                    + "  what to do: see its log");
                });
    }

    @Test
    void aCauseWithoutAMessageIsNamedByItsClassAndAnAnswerPassesThrough() {
        assertThat(InfrastructureStartException.reasonOf(new IllegalStateException(new NullPointerException())))
                .isEqualTo("NullPointerException");
        assertThat(InfrastructureStartException.starting("Redis", "-", () -> 42))
                .isEqualTo(42);
    }
}
