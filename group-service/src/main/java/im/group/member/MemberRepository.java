package im.group.member;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface MemberRepository extends JpaRepository<MemberEntity, MemberEntity.Key> {

    /** Rows of (group id, user id, role, group version), one statement: the version matches the rows. */
    @Query("select m.key.groupId, m.key.userId, m.role, g.version from MemberEntity m"
            + " join GroupEntity g on g.id = m.key.groupId"
            + " where m.key.groupId = ?1 and m.key.userId > ?2 order by m.key.userId")
    List<Object[]> page(UUID groupId, String afterUser, Limit limit);

    /** Rows of (group id, user id, role, group version) of one user's groups. */
    @Query("select m.key.groupId, m.key.userId, m.role, g.version from MemberEntity m"
            + " join GroupEntity g on g.id = m.key.groupId"
            + " where m.key.userId = ?1 and m.key.groupId > ?2 order by m.key.groupId")
    List<Object[]> ofUser(String userId, UUID afterGroup, Limit limit);

    /**
     * Rows of (group id, user id, role, group version) of several users' groups, ordered by user then
     * group, after the cursor ({@code afterUser}, {@code afterGroup}).
     */
    @Query("select m.key.groupId, m.key.userId, m.role, g.version from MemberEntity m"
            + " join GroupEntity g on g.id = m.key.groupId"
            + " where m.key.userId in ?1"
            + " and (m.key.userId > ?2 or (m.key.userId = ?2 and m.key.groupId > ?3))"
            + " order by m.key.userId, m.key.groupId")
    List<Object[]> ofUsers(Collection<String> users, String afterUser, UUID afterGroup, Limit limit);
}
