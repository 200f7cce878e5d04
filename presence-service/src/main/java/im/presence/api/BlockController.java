package im.presence.api;

import im.presence.block.BlockService;
import im.protocol.UserIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/** Block lists. A change is in force on every node when the call returns. */
@RestController
@Tag(name = "blocks", description = "Who a user refuses messages from")
class BlockController {

    private final BlockService blocks;

    BlockController(BlockService blocks) {
        this.blocks = blocks;
    }

    @PutMapping("/users/{userId}/blocks/{blockedId}")
    @Operation(
            summary = "Block a user",
            description = "Idempotent. When it returns, every routing node refuses blockedId's next message to"
                    + " userId; 'propagated' is false only if some cache did not confirm within"
                    + " im.presence-cache.invalidation-ack-timeout (it then reloads on its next miss).")
    BlockChange block(@PathVariable String userId, @PathVariable String blockedId) {
        return new BlockChange(UserIds.check(userId), UserIds.check(blockedId), true, blocks.block(userId, blockedId));
    }

    @DeleteMapping("/users/{userId}/blocks/{blockedId}")
    @Operation(summary = "Unblock a user", description = "Idempotent; in force on every node when it returns.")
    BlockChange unblock(@PathVariable String userId, @PathVariable String blockedId) {
        return new BlockChange(
                UserIds.check(userId), UserIds.check(blockedId), false, blocks.unblock(userId, blockedId));
    }

    @GetMapping("/users/{userId}/blocks")
    @Operation(summary = "Whom a user blocks")
    BlockListView list(@PathVariable String userId) {
        return new BlockListView(UserIds.check(userId), blocks.list(userId));
    }

    /** The answer to a change. */
    record BlockChange(String userId, String blockedId, boolean blocked, boolean propagated) {}

    /** A user's block list. */
    record BlockListView(String userId, List<String> blocked) {}
}
