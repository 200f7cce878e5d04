package im.routing.message.pipeline;

import im.contracts.message.InboundMessage;
import im.group.client.GroupMembers;
import im.group.client.GroupMembers.Membership;
import im.protocol.ConversationId;
import im.protocol.ErrorCode;
import im.routing.message.store.MessageStore.Key;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * For one batch: which group senders are members now, and each group's membership version, both read
 * in the pipeline's transaction with two statements for the whole batch. The version travels with the
 * forwards, so a gateway fans out from a table of local members at least as recent as this check.
 */
final class GroupAccess {

    private final Map<String, Long> versions;
    private final Set<Membership> members;

    private GroupAccess(Map<String, Long> versions, Set<Membership> members) {
        this.versions = versions;
        this.members = members;
    }

    /** Reads what {@code batch}'s group messages need; {@code stored} ones are not checked again. */
    static GroupAccess read(List<InboundMessage> batch, Set<Key> stored, GroupMembers groups) {
        List<InboundMessage> inGroups = batch.stream()
                .filter(m -> ConversationId.isGroup(m.conversation()))
                .toList();
        if (inGroups.isEmpty()) {
            return new GroupAccess(Map.of(), Set.of());
        }
        Set<String> ids = inGroups.stream().map(InboundMessage::to).collect(Collectors.toSet());
        List<Membership> toCheck = inGroups.stream()
                .filter(m -> !stored.contains(new Key(m.from(), m.clientMsgId())))
                .map(m -> new Membership(m.to(), m.from()))
                .distinct()
                .toList();
        return new GroupAccess(groups.versions(ids), groups.existing(toCheck));
    }

    boolean isGroup(InboundMessage m) {
        return ConversationId.isGroup(m.conversation());
    }

    /** Null if the sender may write to the group, else the error code. */
    String refusal(InboundMessage m) {
        // An unknown group and a group the sender is not in get the same answer: existence is not leaked.
        return members.contains(new Membership(m.to(), m.from())) ? null : ErrorCode.FORBIDDEN.code();
    }

    long version(InboundMessage m) {
        return versions.getOrDefault(m.to(), 0L);
    }
}
