package im.presence.api;

import im.contracts.presence.UserPresence;
import im.presence.client.PresenceReader;
import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.protocol.UserIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Reading users' status: online, their sessions (node and device), last seen. */
@RestController
@Tag(name = "presence", description = "Users' status and where they are connected")
class PresenceController {

    static final int MAX_USERS_PER_QUERY = 500;

    private final PresenceReader reader;
    private final PresenceSubscriptions subscriptions;

    PresenceController(PresenceReader reader, PresenceSubscriptions subscriptions) {
        this.reader = reader;
        this.subscriptions = subscriptions;
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
        return ids(users).stream().map(reader::get).toList();
    }

    @GetMapping(path = "/presence/subscribe", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "Watch users' status",
            description = "Server-Sent Events: one 'status' event (UserPresence JSON) per user at once, then one per"
                    + " change, for up to 30 minutes (reconnect to continue); ':keep-alive' comments every 15 s."
                    + " users: comma-separated ids, at most " + MAX_USERS_PER_QUERY + ".")
    SseEmitter subscribe(@RequestParam String users) {
        return subscriptions.watch(ids(users), Duration.ofMinutes(30));
    }

    private static List<String> ids(String users) {
        List<String> ids =
                Arrays.stream(users.split(",")).map(String::trim).distinct().toList();
        if (ids.size() > MAX_USERS_PER_QUERY) {
            throw new ImException(ErrorCode.VALIDATION_FAILED, "at most " + MAX_USERS_PER_QUERY + " users per query");
        }
        return ids.stream().map(UserIds::check).toList();
    }
}
