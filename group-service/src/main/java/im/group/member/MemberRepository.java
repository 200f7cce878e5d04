package im.group.member;

import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface MemberRepository extends JpaRepository<MemberEntity, MemberEntity.Key> {

    @Query("select m from MemberEntity m where m.key.groupId = ?1 and m.key.userId > ?2 order by m.key.userId")
    List<MemberEntity> page(UUID groupId, String afterUser, Limit limit);

    @Query("select m from MemberEntity m where m.key.userId = ?1 and m.key.groupId > ?2 order by m.key.groupId")
    List<MemberEntity> ofUser(String userId, UUID afterGroup, Limit limit);
}
