package im.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConversationIdTest {

    @Test
    void aDirectConversationHasOneIdWhoeverWritesFirst() {
        assertThat(ConversationId.direct("bob", "alice")).isEqualTo("d:alice:bob");
        assertThat(ConversationId.direct("alice", "bob")).isEqualTo("d:alice:bob");
        assertThat(ConversationId.direct("alice", "alice")).isEqualTo("d:alice:alice");
    }

    @Test
    void anIdParsesBackToItsParticipants() {
        assertThat(ConversationId.participants("d:alice:bob")).containsExactly("alice", "bob");
        assertThat(ConversationId.includes("d:alice:bob", "bob")).isTrue();
        assertThat(ConversationId.includes("d:alice:bob", "carol")).isFalse();
    }

    @Test
    void thePeerIsTheOtherParticipantOfADirectConversationWithSomeoneElse() {
        assertThat(ConversationId.peer("d:alice:bob", "alice")).isEqualTo("bob");
        assertThat(ConversationId.peer("d:alice:bob", "bob")).isEqualTo("alice");
        assertThat(ConversationId.peer("d:alice:bob", "carol")).isNull();
        assertThat(ConversationId.peer("d:alice:bob", null)).isNull();
        assertThat(ConversationId.peer("d:alice:alice", "alice")).isNull();
        assertThat(ConversationId.peer("g:6c1e0a8e-5b1f-4c1a-9a57-0b8f5b0d2f11", "alice"))
                .isNull();
        assertThatThrownBy(() -> ConversationId.peer("d:bob:alice", "bob")).isInstanceOf(ImException.class);
    }

    @Test
    void idsThatNoDirectConversationCanHaveAreRefused() {
        for (String bad : new String[] {null, "", "d:", "d:alice", "d:bob:alice", "x:alice:bob", "d:a:b:c", "d::b"}) {
            assertThatThrownBy(() -> ConversationId.participants(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        }
    }

    @Test
    void aGroupConversationIsNamedAfterItsCanonicalUuidAndParsesBack() {
        String g = "6c1e0a8e-5b1f-4c1a-9a57-0b8f5b0d2f11";
        assertThat(ConversationId.group(g)).isEqualTo("g:" + g);
        assertThat(ConversationId.isGroup("g:" + g)).isTrue();
        assertThat(ConversationId.isGroup("d:alice:bob")).isFalse();
        assertThat(ConversationId.groupOf("g:" + g)).isEqualTo(g);
        // Membership of a group is group-service's to say, never inferred from the id.
        assertThat(ConversationId.includes("g:" + g, "alice")).isFalse();
    }

    @Test
    void groupIdsOtherThanCanonicalUuidsAreRefused() {
        for (String bad : new String[] {
            null, "", "team", "6C1E0A8E-5B1F-4C1A-9A57-0B8F5B0D2F11", "6c1e0a8e5b1f4c1a9a570b8f5b0d2f11", "1-1-1-1-1"
        }) {
            assertThatThrownBy(() -> ConversationId.group(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        }
        assertThatThrownBy(() -> ConversationId.groupOf("d:alice:bob")).isInstanceOf(ImException.class);
    }

    @Test
    void userIdsAreLimitedToAPrintableSetWithoutTheSeparator() {
        assertThat(UserIds.valid("alice.smith+work@example-1_x")).isTrue();
        assertThat(UserIds.valid("a".repeat(128))).isTrue();
        assertThat(UserIds.valid("a".repeat(129))).isFalse();
        assertThat(UserIds.valid("a:b")).isFalse();
        assertThat(UserIds.valid("")).isFalse();
        assertThat(UserIds.valid("with space")).isFalse();
        assertThat(UserIds.valid(null)).isFalse();
    }
}
