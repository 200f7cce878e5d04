package im.group.member;

/**
 * What a member may do. The owner (exactly one, the creator) adds and removes admins and members;
 * an admin adds and removes members; a member may only leave.
 */
enum Role {
    OWNER,
    ADMIN,
    MEMBER;

    /** Whether a member with this role may add or remove a member with role {@code target}. */
    boolean manages(Role target) {
        return switch (this) {
            case OWNER -> target != OWNER;
            case ADMIN -> target == MEMBER;
            case MEMBER -> false;
        };
    }
}
