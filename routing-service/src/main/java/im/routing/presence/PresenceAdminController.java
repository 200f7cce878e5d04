package im.routing.presence;

import im.common.presence.BlockList;
import im.common.presence.PresenceReader;
import im.common.presence.UserPresence;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** What this routing node believes about a user, through its own three-level cache. */
@RestController
@RequestMapping("/admin")
@Tag(name = "presence (routing view)", description = "This node's cached view of presence and blocks")
class PresenceAdminController {

    private final PresenceReader presence;
    private final BlockList blocks;

    PresenceAdminController(PresenceReader presence, BlockList blocks) {
        this.presence = presence;
        this.blocks = blocks;
    }

    @GetMapping("/presence/{userId}")
    @Operation(summary = "A user's presence as this node sees it (memory, else Redis, else PostgreSQL)")
    UserPresence presence(@PathVariable String userId) {
        return presence.get(userId);
    }

    @GetMapping("/blocks/{recipient}/{sender}")
    @Operation(summary = "Whether recipient blocks sender, as the message pipeline would decide here")
    BlockCheck blocked(@PathVariable String recipient, @PathVariable String sender) {
        return new BlockCheck(recipient, sender, blocks.isBlocked(recipient, sender));
    }

    /** The answer of a block check. */
    record BlockCheck(String recipient, String sender, boolean blocked) {}
}
