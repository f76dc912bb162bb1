package microlab.gateway.connection;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * A request's headers that remember the framing fields as they arrived. Netty's decoder quietly repairs what it
 * receives before anyone sees it: with both {@code Content-Length} and {@code Transfer-Encoding: chunked} it drops
 * the length, and of several lengths on HTTP/1.0 it keeps the first. A proxy must not pass such requests on (the
 * next hop may read them otherwise), so the {@link ConnectionGuard} judges the fields as sent, kept here.
 */
final class FramingHeaders extends DefaultHttpHeaders {

    private final List<String> contentLengths = new ArrayList<>(1);
    private final List<String> transferEncodings = new ArrayList<>(1);

    private FramingHeaders(DefaultHttpHeadersFactory validation) {
        super(validation.getNameValidator(), validation.getValueValidator());
    }

    /** What the decoder creates each request's headers with; trailers stay plain. */
    static HttpHeadersFactory factory(boolean validate) {
        DefaultHttpHeadersFactory validation = DefaultHttpHeadersFactory.headersFactory().withValidation(validate);
        return new HttpHeadersFactory() {
            @Override
            public HttpHeaders newHeaders() {
                return new FramingHeaders(validation);
            }

            @Override
            public HttpHeaders newEmptyHeaders() {
                return new FramingHeaders(validation);
            }
        };
    }

    @Override
    public HttpHeaders add(CharSequence name, Object value) {
        if (HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)) {
            contentLengths.add(String.valueOf(value));
        } else if (HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)) {
            transferEncodings.add(String.valueOf(value));
        }
        return super.add(name, value);
    }

    /** The Content-Length fields as received, in order. */
    List<String> contentLengths() {
        return contentLengths;
    }

    /** The Transfer-Encoding fields as received, in order. */
    List<String> transferEncodings() {
        return transferEncodings;
    }
}
