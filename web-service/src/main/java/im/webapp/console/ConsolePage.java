package im.webapp.console;

import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.web.management.ManagementApi;
import java.net.URI;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The console page's files ({@code classpath:/console}), served on the management port beside the API
 * it calls, so an operator's browser never needs the client port or cross-origin calls. The files are
 * open (they hold nothing secret); every call the page makes needs the admin token, which the operator
 * types into the page and which stays in that tab's session storage.
 */
@ManagementApi
class ConsolePage {

    @GetMapping({"/console", "/"})
    ResponseEntity<Void> root() {
        return ResponseEntity.status(HttpStatus.FOUND)
                .location(URI.create("/console/"))
                .build();
    }

    @GetMapping("/console/")
    ResponseEntity<Resource> index() {
        return serve("console/", "index.html");
    }

    @GetMapping("/console/{*path}")
    ResponseEntity<Resource> file(@PathVariable String path) {
        return serve("console/", path);
    }

    /** What the console's scripts import from {@code ../shared/} (the same files as the chat page's). */
    @GetMapping("/shared/{*path}")
    ResponseEntity<Resource> shared(@PathVariable String path) {
        return serve("console/shared/", path);
    }

    private static ResponseEntity<Resource> serve(String folder, String path) {
        String name = path.startsWith("/") ? path.substring(1) : path;
        Resource resource = new ClassPathResource(folder + name);
        if (name.isEmpty() || name.contains("..") || name.contains("\\") || !resource.isReadable()) {
            throw new ImException(ErrorCode.NOT_FOUND, "no such file of the console");
        }
        MediaType type = MediaTypeFactory.getMediaType(resource).orElse(MediaType.APPLICATION_OCTET_STREAM);
        return ResponseEntity.ok()
                .contentType(type)
                .cacheControl(CacheControl.noCache())
                .body(resource);
    }
}
