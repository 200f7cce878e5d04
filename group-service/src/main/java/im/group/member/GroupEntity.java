package im.group.member;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A group. {@code memberCount} and {@code version} (one step per membership change) are kept with the
 * members, under the group row's lock.
 */
@Entity
@Table(name = "chat_group", schema = "groups")
class GroupEntity {

    @Id
    private UUID id;

    @Column(nullable = false)
    private String name;

    @Column(name = "owner_id", nullable = false)
    private String ownerId;

    @Column(name = "member_count", nullable = false)
    private int memberCount;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private long version;

    protected GroupEntity() {}

    GroupEntity(UUID id, String name, String ownerId, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.ownerId = ownerId;
        this.createdAt = createdAt;
    }

    UUID id() {
        return id;
    }

    String name() {
        return name;
    }

    String ownerId() {
        return ownerId;
    }

    int memberCount() {
        return memberCount;
    }

    Instant createdAt() {
        return createdAt;
    }

    long version() {
        return version;
    }

    /** One member added ({@code +1}) or removed ({@code -1}): the count moves and the version goes up. */
    long changeMembers(int delta) {
        memberCount += delta;
        return ++version;
    }
}
