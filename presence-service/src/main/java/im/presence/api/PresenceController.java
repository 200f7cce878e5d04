package im.presence.api;

import im.common.error.ErrorCode;
import im.common.error.ImException;
import im.common.presence.PresenceReader;
import im.common.presence.UserPresence;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading users' status: online, their sessions (node and device), last seen. */
@RestController
@Tag(name = "presence", description = "Users' status and where they are connected")
class PresenceController {

    static final int MAX_USERS_PER_QUERY = 500;

    private final PresenceReader reader;

    PresenceController(PresenceReader reader) {
        this.reader = reader;
    }

    @GetMapping("/presence/{userId}")
    @Operation(summary = "One user's status", description = "online, sessions (node, device, since), lastSeen")
    UserPresence one(@PathVariable String userId) {
        return reader.get(UserIds.check(userId));
    }

    @GetMapping("/presence")
    @Operation(
            summary = "Several users' status",
            description = "users: comma-separated ids, at most " + MAX_USERS_PER_QUERY + "; answers in that order")
    List<UserPresence> many(@RequestParam String users) {
        List<String> ids = Arrays.stream(users.split(",")).map(String::trim).toList();
        if (ids.size() > MAX_USERS_PER_QUERY) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "at most " + MAX_USERS_PER_QUERY + " users per query");
        }
        return ids.stream().map(UserIds::check).map(reader::get).toList();
    }
}
