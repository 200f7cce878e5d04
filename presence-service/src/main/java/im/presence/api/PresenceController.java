package im.presence.api;

import im.presence.client.PresenceReader;
import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.protocol.UserIds;
import im.security.Caller;
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

/**
 * Reading users' status: online, their devices, last seen. Any signed-in user may read anyone's status
 * (as over the WebSocket's {@code subscribe}); the caller comes from their token.
 */
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
    @Operation(summary = "One user's status", description = "online, devices, lastSeen")
    PresenceView one(Caller caller, @PathVariable String userId) {
        return PresenceView.of(reader.get(UserIds.check(userId)));
    }

    @GetMapping("/presence")
    @Operation(
            summary = "Several users' status",
            description = "users: comma-separated ids, at most " + MAX_USERS_PER_QUERY + "; answers in that order")
    List<PresenceView> many(Caller caller, @RequestParam String users) {
        return ids(users).stream().map(reader::get).map(PresenceView::of).toList();
    }

    @GetMapping(path = "/presence/subscribe", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "Watch users' status",
            description = "Server-Sent Events: one 'status' event (the status JSON) per user at once, then one per"
                    + " change, for up to 30 minutes (reconnect to continue); ':keep-alive' comments every 15 s."
                    + " users: comma-separated ids, at most " + MAX_USERS_PER_QUERY + ". Browsers' EventSource"
                    + " cannot set headers: the token may come as the access_token query parameter here.")
    SseEmitter subscribe(Caller caller, @RequestParam String users) {
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
