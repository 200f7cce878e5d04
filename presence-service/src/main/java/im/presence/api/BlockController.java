package im.presence.api;

import im.presence.block.BlockService;
import im.protocol.UserIds;
import im.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's own block list: whom they refuse messages from. Only the user edits and reads it (the
 * caller comes from the token, there is no user in the path). A change is in force on every node when
 * the call returns.
 */
@RestController
@Tag(name = "blocks", description = "Whom the caller refuses messages from")
class BlockController {

    private final BlockService blocks;

    BlockController(BlockService blocks) {
        this.blocks = blocks;
    }

    @PutMapping("/me/blocks/{blockedId}")
    @Operation(
            summary = "Block a user",
            description = "Idempotent. When it returns, every routing node refuses blockedId's next message to the"
                    + " caller; 'propagated' is false only if some cache did not confirm within"
                    + " im.presence-cache.invalidation-ack-timeout (it then reloads on its next miss).")
    BlockChange block(Caller caller, @PathVariable String blockedId) {
        return new BlockChange(
                caller.userId(), UserIds.check(blockedId), true, blocks.block(caller.userId(), blockedId));
    }

    @DeleteMapping("/me/blocks/{blockedId}")
    @Operation(summary = "Unblock a user", description = "Idempotent; in force on every node when it returns.")
    BlockChange unblock(Caller caller, @PathVariable String blockedId) {
        return new BlockChange(
                caller.userId(), UserIds.check(blockedId), false, blocks.unblock(caller.userId(), blockedId));
    }

    @GetMapping("/me/blocks")
    @Operation(summary = "Whom the caller blocks")
    BlockListView list(Caller caller) {
        return new BlockListView(caller.userId(), blocks.list(caller.userId()));
    }

    /** The answer to a change. */
    record BlockChange(String userId, String blockedId, boolean blocked, boolean propagated) {}

    /** A user's block list. */
    record BlockListView(String userId, List<String> blocked) {}
}
