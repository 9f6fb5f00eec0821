package se.samverkan.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import se.samverkan.gateway.security.pki.DevelopmentPki;
import se.samverkan.gateway.security.pki.Keystores;
import se.samverkan.gateway.security.pki.Participant;
import se.samverkan.gateway.security.pki.PkiFiles;

/**
 * The integration tests' PKI, made by the tests at the real clock (JSSE validates at the current time): the
 * gateway's identities, the four sample participants, an expired and a revoked certificate, and a second,
 * unrelated PKI whose certificates no one trusts. Client TLS contexts are made per keystore and kept.
 */
public final class TestTls {

    public static final String PASSWORD = "test-only-password";

    /** A system with a valid certificate from the trusted issuer that is not a registered participant. */
    public static final Participant UNREGISTERED = new Participant("unregistered", "Okänd region",
            "Ett oregistrerat system", "SE2321000016-XXX9");

    /** An operator of the gateway (admin API): a valid certificate from the trusted issuer, not a participant. */
    public static final Participant OPERATOR = new Participant("operator", "Region Exempel",
            "Samverkan Gateway drift", "SE2321000016-OPS1");

    /** Social services of another municipality (0181): a registered intake unit, but not the child's. */
    public static final Participant OTHER_INTAKE = new Participant("social-services-0181", "Grannstads kommun",
            "Socialtjänstens mottagningsenhet 0181", "SE2120000181-SOC2");

    /** A registered participant whose payloads must be signed ({@code require-signature: true}). */
    public static final Participant SIGNS_ALWAYS = new Participant("signs-always", "Region Exempel",
            "BVC som alltid signerar", "SE2321000016-SIG1");

    /**
     * Not registered, and its subject serialNumber has the form of a personal identity number (a person's card
     * rather than a system's): the refusal's log line must not carry it.
     */
    public static final Participant PERSONAL_CARD = new Participant("personal-card", "Privatperson",
            "Ett personligt kort", TestIds.pnr(java.time.LocalDate.of(1979, 4, 4), 451));

    private static final Map<Path, SSLContext> CONTEXTS = new ConcurrentHashMap<>();

    private final PkiFiles files;
    private final PkiFiles stranger;

    private TestTls(PkiFiles files, PkiFiles stranger) {
        this.files = files;
        this.stranger = stranger;
    }

    public static TestTls create(Path directory) {
        try {
            List<Participant> participants = new ArrayList<>(Participant.DEFAULTS);
            participants.add(UNREGISTERED);
            participants.add(OPERATOR);
            participants.add(OTHER_INTAKE);
            participants.add(SIGNS_ALWAYS);
            participants.add(PERSONAL_CARD);
            return new TestTls(
                    DevelopmentPki.create(Files.createDirectories(directory.resolve("pki")), Clock.systemUTC(),
                            PASSWORD.toCharArray(), DevelopmentPki.GATEWAY_ID, participants),
                    DevelopmentPki.create(Files.createDirectories(directory.resolve("stranger-pki")),
                            Clock.systemUTC(), PASSWORD.toCharArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public PkiFiles files() {
        return files;
    }

    /** A PKI of its own: its participants carry registered HSA-ids, but their issuer is not trusted. */
    public PkiFiles stranger() {
        return stranger;
    }

    /** A TLS client presenting the keystore's certificate and trusting the test PKI's root. */
    public SSLContext client(Path keystore) {
        return CONTEXTS.computeIfAbsent(keystore, k -> context(k, files.truststore()));
    }

    /** A TLS client that presents no certificate at all. */
    public SSLContext anonymousClient() {
        return CONTEXTS.computeIfAbsent(files.truststore(), k -> context(null, files.truststore()));
    }

    private static SSLContext context(Path keystore, Path truststore) {
        try {
            char[] password = PASSWORD.toCharArray();
            KeyManagerFactory keys = null;
            if (keystore != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(Keystores.load(keystore, password), password);
            }
            KeyStore trusted = Keystores.load(truststore, password);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
