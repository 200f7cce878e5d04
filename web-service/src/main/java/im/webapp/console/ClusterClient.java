package im.webapp.console;

import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.security.OperatorProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Calls the services' management ports for the console, with this service's own admin token (the same
 * token on every service: the console's caller was checked against it before any call is made here).
 * Blocking, on the request thread: the console is a few operators polling every couple of seconds.
 */
@Component
class ClusterClient {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final OperatorProperties tokens;

    ClusterClient(OperatorProperties tokens) {
        this.tokens = tokens;
    }

    /** One answer of a management port, passed on as it came. */
    record Answer(int status, String contentType, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    Answer get(String base, String path) {
        return call(base, path, "GET");
    }

    Answer call(String base, String path, String method) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (tokens.admin().enabled()) {
            request.header("Authorization", "Bearer " + tokens.admin().token().reveal());
        }
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    r.statusCode(), r.headers().firstValue("Content-Type").orElse("application/json"), r.body());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new ImException(ErrorCode.UNAVAILABLE, base + " did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            // The address, not the token, and no Java names: an operator reads this in the console.
            throw new ImException(ErrorCode.UNAVAILABLE, base + " could not be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImException(ErrorCode.UNAVAILABLE, base + " did not answer: interrupted");
        }
    }
}
