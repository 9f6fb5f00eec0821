package se.samverkan.gateway.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import se.samverkan.gateway.logging.Logs;
import se.samverkan.gateway.routing.Participant;
import se.samverkan.gateway.routing.ParticipantRegistry;
import se.samverkan.gateway.security.signature.PayloadSigner;
import se.samverkan.gateway.security.signature.PayloadVerifier;
import se.samverkan.gateway.security.signature.SignatureRefusedException;

/**
 * The gate in front of every HTTP endpoint. It refuses, before anything else reads the request:
 * <ul>
 * <li>GW-6005: a header in Camel's reserved name space ({@code Camel*}), which would steer a route if it
 * ever reached one (the CamelExec/CamelHttp header-injection class of bugs);</li>
 * <li>GW-6006: a body larger than {@code gateway.security.max-request-size} (413), declared, streamed or
 * decompressed ({@code Content-Encoding: gzip} or {@code deflate} is decompressed here, bounded, and what
 * follows sees the plain body);</li>
 * <li>GW-6008: a FHIR resource written to the FHIR face with an element larger than
 * {@code gateway.security.max-element-size} (413, naming the element);</li>
 * <li>GW-6002: over TLS, a request whose client certificate names no registered participant in its subject
 * serialNumber (403), and GW-6001 one without a certificate at all. The handshake has already refused
 * untrusted, expired and revoked certificates.</li>
 * <li>GW-6007: over TLS, a request to the admin API ({@code /admin/...}) whose certificate does not name an
 * operator ({@code gateway.security.operators}); operators' certificates open the admin API only.</li>
 * <li>GW-6101..6104: a body sent with an {@code X-Samverkan-Signature} header whose detached CMS signature
 * is not valid over the bytes received (400 for a malformed or tampered one, 403 for an untrusted signer), or
 * that another organisation than the certificate's signed (403, GW-6104); and GW-6009: a body without one
 * from a participant whose payloads must be signed ({@code require-signature}, 403).</li>
 * </ul>
 * The participant is then available to the endpoints through {@link Callers}. Over plain HTTP (the quick
 * start, loopback only) there is no participant.
 */
public final class ParticipantFilter extends OncePerRequestFilter {

    static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";
    private static final Logger log = LoggerFactory.getLogger(ParticipantFilter.class);

    private final ParticipantRegistry registry;
    private final Supplier<PayloadVerifier> verifier;
    private final long maxBody;
    private final Map<String, String> operators;
    private final ElementLimits elements;

    /**
     * @param verifier   the verifier of the moment: a new one each time the CRLs are renewed
     * @param maxElement the largest element of a FHIR resource written to the FHIR face
     */
    public ParticipantFilter(ParticipantRegistry registry, Supplier<PayloadVerifier> verifier, long maxBody,
                             Map<String, String> operators, long maxElement) {
        this.registry = registry;
        this.verifier = verifier;
        this.maxBody = maxBody;
        this.operators = Map.copyOf(operators);
        this.elements = new ElementLimits(maxElement);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (String name : Collections.list(request.getHeaderNames())) {
            if (name.toLowerCase(Locale.ROOT).startsWith("camel")) {
                refuse(response, 400, "GW-6005", "header '" + name + "' is reserved and may not be sent");
                return;
            }
        }
        if (request.getContentLengthLong() > maxBody) {
            refuse(response, 413, "GW-6006", "the request body is larger than the " + maxBody + " bytes allowed");
            return;
        }
        if (request.isSecure()) {
            X509Certificate[] certificates = (X509Certificate[]) request.getAttribute(CERTIFICATES);
            if (certificates == null || certificates.length == 0) {
                // only when a connector was configured without client-auth=need, which the start refuses
                refuse(response, 403, "GW-6001", "a client certificate is required");
                return;
            }
            if (admin(request)) {
                Optional<String> id = CertificateIdentity.serialNumber(certificates[0]);
                String operator = id.map(operators::get).orElse(null);
                if (operator == null) {
                    log.warn("GW-6007 refused the admin API to a client certificate of {}: not an operator",
                            Logs.safe(id.orElse("(no subject serialNumber)")));
                    refuse(response, 403, "GW-6007", "the client certificate does not name an operator");
                    return;
                }
                request.setAttribute(Callers.OPERATOR, operator + " (" + id.get() + ")");
            } else {
                Optional<Participant> participant = participant(certificates[0]);
                if (participant.isEmpty()) {
                    refuse(response, 403, "GW-6002", "the client certificate does not name a registered participant");
                    return;
                }
                request.setAttribute(Callers.ATTRIBUTE, participant.get());
            }
        }
        HttpServletRequest bounded = request;
        if (hasBody(request)) {
            byte[] body = readBounded(request.getInputStream());
            if (body == null) {
                refuse(response, 413, "GW-6006", "the request body is larger than the " + maxBody + " bytes allowed");
                return;
            }
            String encoding = request.getHeader("Content-Encoding");
            boolean encoded = !ContentEncodings.plain(encoding);
            if (encoded) {
                try {
                    body = ContentEncodings.decode(encoding, body, maxBody);
                } catch (ContentEncodings.Refused e) {
                    refuse(response, e.refusal().status(), e.refusal().code(), e.refusal().reason());
                    return;
                }
            }
            bounded = new BufferedRequest(request, body, encoded);
            if (writesFhir(request)) {
                Optional<String> tooLarge = elements.check(body, request.getContentType());
                if (tooLarge.isPresent()) {
                    log.warn("GW-6008 refused a write to {}: {}", Logs.safe(request.getRequestURI()), tooLarge.get());
                    refuse(response, 413, "GW-6008", tooLarge.get());
                    return;
                }
            }
            String signature = request.getHeader(PayloadSigner.HEADER);
            Optional<Participant> sender = Callers.of(request);
            if (signature == null && sender.isPresent() && registry.requiresSignature(sender.get().id())) {
                log.warn("GW-6009 refused an unsigned body from {}: its payloads must be signed", sender.get().id());
                refuse(response, 403, "GW-6009", "payloads from " + sender.get().id() + " must be signed ("
                        + PayloadSigner.HEADER + ")");
                return;
            }
            if (signature != null) {
                try {
                    PayloadVerifier.Verified signer = verifier.get().verify(body, signature);
                    Optional<Participant> caller = Callers.of(request);
                    if (caller.isPresent() && !caller.get().id().equals(signer.serialNumber())) {
                        refuse(response, 403, SignatureRefusedException.SIGNER, "the payload is signed by "
                                + signer.serialNumber() + ", the client certificate names " + caller.get().id());
                        return;
                    }
                } catch (SignatureRefusedException e) {
                    boolean malformed = e.code().equals(SignatureRefusedException.NOT_A_SIGNATURE)
                            || e.code().equals(SignatureRefusedException.TAMPERED);
                    refuse(response, malformed ? 400 : 403, e.code(), e.reason());
                    return;
                }
            }
        }
        chain.doFilter(bounded, response);
    }

    private Optional<Participant> participant(X509Certificate certificate) {
        Optional<String> id = CertificateIdentity.serialNumber(certificate);
        Optional<Participant> participant = id.flatMap(registry::participant);
        if (participant.isEmpty()) {
            // an HSA-id names an organisation, not a person: it may be logged
            log.warn("GW-6002 refused a client certificate of {}: not a registered participant",
                    Logs.safe(id.orElse("(no subject serialNumber)")));
        }
        return participant;
    }

    /** By the path the container maps (decoded and normalised), not the raw URI: no way around it with "..". */
    static boolean admin(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.equals("/admin") || path.startsWith("/admin/");
    }

    private static boolean writesFhir(HttpServletRequest request) {
        String method = request.getMethod();
        return ("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method))
                && "/fhir".equals(request.getServletPath());
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    /** The body, or null when it is longer than allowed (reading stops there: memory stays bounded). */
    private byte[] readBounded(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) != -1; ) {
            if (body.size() + (long) n > maxBody) {
                return null;
            }
            body.write(buffer, 0, n);
        }
        return body.toByteArray();
    }

    private static void refuse(HttpServletResponse response, int status, String code, String reason)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/fhir+json;charset=UTF-8");
        // the reason is ours, never an echo of input beyond a header name; quote-safe all the same
        String diagnostics = (code + " " + reason).replace("\\", "\\\\").replace("\"", "\\\"");
        String issue = status == 403 ? "forbidden" : status == 413 ? "too-costly" : "security";
        response.getWriter().write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                + "\"code\":\"" + issue + "\",\"diagnostics\":\"" + diagnostics + "\"}]}");
    }

    /** The request with its body read once, bounded; the same bytes for every reader after us. */
    static final class BufferedRequest extends HttpServletRequestWrapper {

        private final byte[] body;
        private final boolean decoded;

        /** @param decoded the body was sent compressed and is here decompressed: no Content-Encoding any more */
        BufferedRequest(HttpServletRequest request, byte[] body, boolean decoded) {
            super(request);
            this.body = body;
            this.decoded = decoded;
        }

        @Override
        public String getHeader(String name) {
            return hidden(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            names.removeIf(this::hidden);
            return Collections.enumeration(names);
        }

        private boolean hidden(String name) {
            return decoded && ("Content-Encoding".equalsIgnoreCase(name) || "Content-Length".equalsIgnoreCase(name));
        }

        byte[] body() {
            return body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
