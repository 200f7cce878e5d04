package im.webapp.site;

import im.webapp.WebProperties;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the chat page needs to know about the cluster it is served by. The page itself is static
 * ({@code classpath:/static}); this is its one dynamic input, so one build of the page serves every
 * deployment.
 */
@RestController
class SiteController {

    private final SiteConfig config;

    SiteController(WebProperties properties) {
        this.config = new SiteConfig(
                properties.gateways(),
                properties.groupApi(),
                properties.presenceApi(),
                properties.devTokens().isEmpty() ? null : properties.devTokens());
    }

    @GetMapping("/config.json")
    ResponseEntity<SiteConfig> config() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(config);
    }

    /**
     * @param gateways WebSocket URLs to connect to first
     * @param groupApi group-service's client API
     * @param presenceApi presence-service's client API
     * @param devTokens where test users get a token (local runs only), null elsewhere
     */
    record SiteConfig(List<String> gateways, String groupApi, String presenceApi, String devTokens) {}
}
