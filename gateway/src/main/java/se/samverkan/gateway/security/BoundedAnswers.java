package se.samverkan.gateway.security;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpResponseInterceptor;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * What the gateway reads of a recipient's answer to a delivery, bounded. Camel reads an error answer whole into
 * a String (and decompresses a gzip one first, unbounded): a recipient answering 422 with a gzip bomb ran the
 * gateway out of memory with the delivery left in flight. Here, before HttpClient or Camel see the answer, a
 * compressed body is replaced by a note saying so (it is never decompressed; the status still counts), and any
 * other body ends after {@code max} bytes, which is plenty for an OperationOutcome's reason.
 */
final class BoundedAnswers {

    static final String COMPRESSED = "(a compressed answer of the recipient, not read)";

    private BoundedAnswers() {
    }

    static void install(HttpComponent component, long max) {
        HttpClientConfigurer before = component.getHttpClientConfigurer();
        HttpResponseInterceptor bound = (response, details, context) -> {
            if (response instanceof ClassicHttpResponse classic && classic.getEntity() != null) {
                classic.setEntity(bounded(classic, max));
            }
        };
        component.setHttpClientConfigurer(builder -> {
            if (before != null) {
                before.configureHttpClient(builder);
            }
            builder.addResponseInterceptorFirst(bound);
        });
    }

    static HttpEntity bounded(ClassicHttpResponse response, long max) {
        HttpEntity entity = response.getEntity();
        Header encoding = response.getFirstHeader(HttpHeaders.CONTENT_ENCODING);
        String coding = encoding != null ? encoding.getValue() : entity.getContentEncoding();
        if (!ContentEncodings.plain(coding)) {
            response.removeHeaders(HttpHeaders.CONTENT_ENCODING);
            response.removeHeaders(HttpHeaders.CONTENT_LENGTH);
            try {
                // dropped, not drained: a compressed answer may go on for ever
                if (entity.getContent() instanceof EofSensorInputStream sensor) {
                    sensor.abort();
                } else {
                    entity.close();
                }
            } catch (IOException e) {
                // the connection is gone either way
            }
            return new ByteArrayEntity(COMPRESSED.getBytes(StandardCharsets.UTF_8), ContentType.TEXT_PLAIN);
        }
        return new HttpEntityWrapper(entity) {
            @Override
            public InputStream getContent() throws IOException {
                return new Cut(super.getContent(), max);
            }

            @Override
            public long getContentLength() {
                long length = super.getContentLength();
                return length < 0 ? -1 : Math.min(length, max);
            }

            @Override
            public boolean isStreaming() {
                return true;
            }
        };
    }

    /** Ends after {@code max} bytes as if the answer ended there. */
    static final class Cut extends FilterInputStream {
        private long left;

        Cut(InputStream in, long max) {
            super(in);
            this.left = max;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, left));
            left -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), left);
        }

        /** Cut off: the connection is dropped, not drained for reuse (the rest may never end). */
        @Override
        public void close() throws IOException {
            if (left <= 0 && in instanceof EofSensorInputStream sensor) {
                sensor.abort();
            } else {
                super.close();
            }
        }
    }
}
