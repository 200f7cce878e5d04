package im.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WebPropertiesTest {

    private static WebProperties with(List<String> gateways, String template) {
        return new WebProperties(
                List.of("ws://127.0.0.1:8081/ws"),
                "http://g",
                "http://p",
                "",
                "",
                "http://r",
                gateways,
                template,
                List.of("presence=http://127.0.0.1:9091"));
    }

    @Test
    void readsNodeEqualsUrlEntriesInTheirOrder() {
        WebProperties p = with(List.of("gw-2=http://127.0.0.1:9082", " gw-1 = http://127.0.0.1:9081"), "");
        assertThat(p.gatewayManagementByNode())
                .containsExactly(
                        java.util.Map.entry("gw-2", "http://127.0.0.1:9082"),
                        java.util.Map.entry("gw-1", "http://127.0.0.1:9081"));
        assertThat(p.serviceManagementByName()).containsEntry("presence", "http://127.0.0.1:9091");
    }

    @Test
    void refusesAnEntryWithoutAName() {
        assertThatThrownBy(() -> with(List.of("http://127.0.0.1:9082"), ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("im.webapp.gateway-management")
                .hasMessageContaining("name=url");
    }

    @Test
    void refusesATemplateWithoutTheNodePlaceholder() {
        assertThatThrownBy(() -> with(List.of(), "http://gateway-headless:9080"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{node}");
    }
}
