package im.gateway.ws;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * The per-connection buffers of the client port, sized for tens of thousands of mostly idle chat
 * connections rather than for bulk HTTP: each open connection keeps them for its whole life.
 *
 * <p>Measured with the capacity benchmark (a class histogram of the loaded gateway), Tomcat's
 * defaults keep five 8 KB heap buffers per WebSocket: the socket's read and write buffers and the
 * WebSocket frame input, output and encoder buffers, about 40 KB of a session's 54 KB of heap. 2 KB
 * each still holds a typical chat frame whole; a larger frame is read and written in pieces (the
 * handler takes frames in parts).
 *
 * <p>The WebSocket buffers are a JVM-wide Tomcat setting ({@code
 * org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE}, read once when Tomcat's WebSocket classes load),
 * so {@link #useSmallWebSocketBuffers()} sets it from the application class before Tomcat starts;
 * an operator's {@code -D} value wins.
 */
@Component
public class ConnectionBuffers implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    /** Bytes of each per-connection buffer. */
    static final int SIZE = 2048;

    static final String WEBSOCKET_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

    /** Called before any Tomcat WebSocket class is loaded. */
    public static void useSmallWebSocketBuffers() {
        if (System.getProperty(WEBSOCKET_BUFFER_PROPERTY) == null) {
            System.setProperty(WEBSOCKET_BUFFER_PROPERTY, String.valueOf(SIZE));
        }
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> {
            require(connector.setProperty("socket.appReadBufSize", String.valueOf(SIZE)), "socket.appReadBufSize");
            require(connector.setProperty("socket.appWriteBufSize", String.valueOf(SIZE)), "socket.appWriteBufSize");
        });
    }

    private static void require(boolean taken, String property) {
        if (!taken) {
            throw new IllegalStateException("Tomcat's connector did not take " + property);
        }
    }
}
