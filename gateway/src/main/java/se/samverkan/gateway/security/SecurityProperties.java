package se.samverkan.gateway.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code gateway.security.*}: what the TLS set-up of Spring Boot ({@code server.ssl}, {@code spring.ssl.bundle})
 * does not cover.
 *
 * @param crls             CRL files (DER or PEM) of the issuers in the trust store: inbound client certificates
 *                         and outbound server certificates on them are refused. Every CA in a chain needs its
 *                         CRL, since revocation is checked for the whole path.
 * @param maxRequestSize   the largest request body the HTTP interface accepts (413 above it)
 * @param outboundBundle   the SSL bundle (spring.ssl.bundle.*) whose key and trust store the gateway uses for
 *                         deliveries over https: its client certificate and the recipients' issuers
 * @param inboundBundle    the SSL bundle of the FHIR face; its trust store also decides whose signatures on
 *                         arriving payloads are accepted
 * @param signingBundle    the SSL bundle holding the key every delivered payload is signed with
 * @param devPki           the quick start's development PKI, made at start when missing
 * @param operators        who may use the admin API ({@code /admin/...}): the subject serialNumber of their
 *                         client certificate, with a name. Operators are not participants: their certificates
 *                         open the admin API and nothing else, and participants' certificates never open it
 * @param maxElementSize   the largest element (a string value) of a FHIR resource written to the FHIR face
 *                         (413 GW-6008 above it)
 * @param maxResponseSize  the most of a recipient's answer to a delivery the gateway reads; the rest is cut off,
 *                         and a compressed answer is not decompressed at all
 * @param crlRefresh       how often the CRL files are looked at again (read again when one changed)
 * @param crlWarning       how long before a CRL's next update the gateway warns (log, /admin/revocation)
 * @param production       the production profile: the start refuses development defaults
 *                         ({@link ProductionReadiness})
 */
@ConfigurationProperties("gateway.security")
public record SecurityProperties(List<Path> crls, DataSize maxRequestSize, String outboundBundle,
                                 String inboundBundle, String signingBundle, DevPki devPki,
                                 Map<String, String> operators, DataSize maxElementSize, DataSize maxResponseSize,
                                 Duration crlRefresh, Duration crlWarning, boolean production) {

    /** The secure default's values for everything but the CRLs. */
    public static SecurityProperties defaults(List<Path> crls) {
        return new SecurityProperties(crls, null, null, null, null, null, null, null, null, null, null, false);
    }

    public SecurityProperties {
        maxElementSize = maxElementSize == null ? DataSize.ofKilobytes(64) : maxElementSize;
        maxResponseSize = maxResponseSize == null ? DataSize.ofKilobytes(256) : maxResponseSize;
        crlRefresh = crlRefresh == null ? Duration.ofMinutes(1) : crlRefresh;
        crlWarning = crlWarning == null ? Duration.ofDays(2) : crlWarning;
        crls = crls == null ? List.of() : List.copyOf(crls);
        maxRequestSize = maxRequestSize == null ? DataSize.ofMegabytes(10) : maxRequestSize;
        outboundBundle = outboundBundle == null || outboundBundle.isBlank() ? "gateway-client" : outboundBundle;
        inboundBundle = inboundBundle == null || inboundBundle.isBlank() ? "gateway-server" : inboundBundle;
        signingBundle = signingBundle == null || signingBundle.isBlank() ? "gateway-signing" : signingBundle;
        devPki = devPki == null ? new DevPki(false, Path.of("certs/dev")) : devPki;
        operators = operators == null ? Map.of() : Map.copyOf(operators);
    }

    /** @param createIfMissing make a development PKI in {@code directory} at start when there is none */
    public record DevPki(boolean createIfMissing, Path directory) {
        public DevPki {
            directory = directory == null ? Path.of("certs/dev") : directory;
        }
    }
}
