package im.web.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletRequest;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

class RequestBodyLimitFilterTest {

    private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(new RequestLimits(DataSize.ofBytes(10)));

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedWith413BeforeTheRequestGoesOn() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/groups");
        request.setContent(new byte[11]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicReference<ServletRequest> passed = new AtomicReference<>();
        filter.doFilter(request, response, (req, res) -> passed.set(req));
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(passed.get()).isNull();
    }

    @Test
    void aBodyOfUnknownLengthFailsWhileBeingReadOnceItPassesTheLimit() throws Exception {
        MockHttpServletRequest request = new ChunkedRequest(new byte[11]);
        AtomicReference<ServletRequest> passed = new AtomicReference<>();
        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> passed.set(req));
        byte[] buffer = new byte[4];
        var in = passed.get().getInputStream();
        assertThat(in.read(buffer, 0, 4)).isEqualTo(4);
        assertThat(in.read(buffer, 0, 4)).isEqualTo(4);
        assertThatThrownBy(() -> in.read(buffer, 0, 4)).isInstanceOf(RequestBodyLimitFilter.BodyTooLarge.class);
    }

    @Test
    void bodiesWithinTheLimitPassUntouched() throws Exception {
        for (MockHttpServletRequest request :
                new MockHttpServletRequest[] {new ChunkedRequest(new byte[10]), sized(10)}) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            AtomicReference<ServletRequest> passed = new AtomicReference<>();
            filter.doFilter(request, response, (req, res) -> passed.set(req));
            assertThat(passed.get().getInputStream().readAllBytes()).hasSize(10);
            assertThat(response.getStatus()).isEqualTo(200);
        }
    }

    @Test
    void theLimitMustBePositive() {
        assertThatThrownBy(() -> new RequestLimits(DataSize.ofBytes(0))).isInstanceOf(IllegalArgumentException.class);
    }

    private static MockHttpServletRequest sized(int n) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/groups");
        request.setContent(new byte[n]);
        return request;
    }

    /** A request whose body arrives chunked: no declared length. */
    private static final class ChunkedRequest extends MockHttpServletRequest {

        ChunkedRequest(byte[] body) {
            super("POST", "/groups");
            setContent(body);
        }

        @Override
        public long getContentLengthLong() {
            return -1;
        }

        @Override
        public int getContentLength() {
            return -1;
        }
    }
}
