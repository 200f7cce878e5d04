package im.web.management;

import static org.assertj.core.api.Assertions.assertThat;

import im.protocol.ErrorCode;
import im.protocol.ImException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Where management controllers are served: on the management port only, with the application's advice. */
class ManagementApiPlacementTest {

    @ManagementApi
    static class Admin {
        @GetMapping("/admin/thing")
        String thing() {
            return "admin";
        }

        @GetMapping("/admin/refused")
        String refused() {
            throw new ImException(ErrorCode.NOT_FOUND, "nothing here");
        }
    }

    @RestController
    static class Client {
        @GetMapping("/hello")
        String hello() {
            return "client";
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({Admin.class, Client.class})
    static class App {}

    private ConfigurableApplicationContext app;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private void start(String... args) {
        app = new SpringApplication(App.class).run(args);
    }

    private int get(int port, String path) throws Exception {
        return send(port, path).statusCode();
    }

    private HttpResponse<String> send(int port, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int serverPort() {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    private int managementPort() {
        return Integer.parseInt(app.getEnvironment().getProperty("local.management.port"));
    }

    @Test
    void withASeparateManagementPortTheyAreServedThereAndNotOnTheServerPort() throws Exception {
        start(
                "--server.port=0",
                "--management.server.port=0",
                "--server.address=127.0.0.1",
                "--management.server.address=127.0.0.1");
        assertThat(get(managementPort(), "/admin/thing")).isEqualTo(200);
        assertThat(get(managementPort(), "/actuator/health")).isEqualTo(200);
        assertThat(get(serverPort(), "/admin/thing")).isEqualTo(404);
        assertThat(get(serverPort(), "/actuator/health")).isEqualTo(404);
        assertThat(get(serverPort(), "/hello")).isEqualTo(200);
        assertThat(get(managementPort(), "/hello")).isEqualTo(404);
    }

    @Test
    void theApplicationsErrorAnswersApplyOnTheManagementPort() throws Exception {
        start(
                "--server.port=0",
                "--management.server.port=0",
                "--server.address=127.0.0.1",
                "--management.server.address=127.0.0.1");
        HttpResponse<String> r = send(managementPort(), "/admin/refused");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body()).contains("\"code\":\"not_found\"").doesNotContain("Exception");
    }

    @Test
    void withOnePortTheyAreServedThere() throws Exception {
        start("--server.port=0", "--server.address=127.0.0.1");
        assertThat(get(serverPort(), "/admin/thing")).isEqualTo(200);
        assertThat(get(serverPort(), "/hello")).isEqualTo(200);
    }
}
