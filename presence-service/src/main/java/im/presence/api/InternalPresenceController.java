package im.presence.api;

import im.contracts.presence.UserPresence;
import im.presence.block.BlockService;
import im.presence.client.PresenceReader;
import im.protocol.UserIds;
import im.web.management.ManagementApi;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Presence's internal API (the services' token, on the management port): the full status with the
 * nodes that hold each session, and a user's block list, for the other services' readers.
 */
@ManagementApi
class InternalPresenceController {

    private final PresenceReader reader;
    private final BlockService blocks;

    InternalPresenceController(PresenceReader reader, BlockService blocks) {
        this.reader = reader;
        this.blocks = blocks;
    }

    @GetMapping("/internal/presence/{userId}")
    @Operation(summary = "A user's status with each session's node, device and start")
    UserPresence presence(@PathVariable String userId) {
        return reader.get(UserIds.check(userId));
    }

    @GetMapping("/internal/users/{userId}/blocks")
    @Operation(summary = "Whom a user blocks, from the database")
    List<String> blocks(@PathVariable String userId) {
        return blocks.list(UserIds.check(userId));
    }
}
