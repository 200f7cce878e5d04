package im.gateway.ws;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** The client endpoint {@code /ws}: authentication at the handshake, the container's per-connection buffers. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfig implements WebSocketConfigurer {

    /**
     * The container's per-connection message buffers, allocated for every connection at connect. The
     * handler takes frames in pieces, so these bound only the piece size, not the frame size: small,
     * because a gateway holds tens of thousands of mostly idle connections.
     */
    static final int CONTAINER_BUFFER = 1024;

    private final GatewayWebSocketHandler handler;
    private final AuthHandshakeInterceptor auth;

    WebSocketConfig(GatewayWebSocketHandler handler, AuthHandshakeInterceptor auth) {
        this.handler = handler;
        this.auth = auth;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // Any origin: browsers are authenticated by token, not by cookies, so CSRF does not apply.
        registry.addHandler(handler, "/ws").addInterceptors(auth).setAllowedOriginPatterns("*");
    }

    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(CONTAINER_BUFFER);
        container.setMaxBinaryMessageBufferSize(CONTAINER_BUFFER);
        return container;
    }
}
