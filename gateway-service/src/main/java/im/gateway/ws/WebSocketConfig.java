package im.gateway.ws;

import im.gateway.GatewayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** The client endpoint {@code /ws}: authentication at the handshake, frame size limits. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfig implements WebSocketConfigurer {

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
    ServletServerContainerFactoryBean webSocketContainer(GatewayProperties properties) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        int max = (int) properties.connection().maxFrameSize().toBytes();
        // A larger frame is refused by the container with close code 1009 (frame_too_large).
        container.setMaxTextMessageBufferSize(max);
        container.setMaxBinaryMessageBufferSize(max);
        return container;
    }
}
