package im.group.member;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** One user's membership of one group. */
@Entity
@Table(name = "group_member", schema = "groups")
class MemberEntity {

    /** (group, user). */
    @Embeddable
    record Key(
            @Column(name = "group_id") UUID groupId,
            @Column(name = "user_id") String userId) implements Serializable {}

    @EmbeddedId
    private Key key;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Role role;

    @Column(name = "joined_at", nullable = false)
    private Instant joinedAt;

    protected MemberEntity() {}

    MemberEntity(UUID groupId, String userId, Role role, Instant joinedAt) {
        this.key = new Key(groupId, userId);
        this.role = role;
        this.joinedAt = joinedAt;
    }

    UUID groupId() {
        return key.groupId();
    }

    String userId() {
        return key.userId();
    }

    Role role() {
        return role;
    }

    void role(Role role) {
        this.role = role;
    }

    Instant joinedAt() {
        return joinedAt;
    }
}
