package se.samverkan.gateway.security;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.springframework.core.env.Environment;

/**
 * What the production profile ({@code --spring.profiles.active=production}, which sets
 * {@code gateway.security.production=true}) refuses to start on: the development defaults that are fine on a
 * laptop and a breach anywhere else. Every problem is listed at once, so one failed start tells all.
 */
public final class ProductionReadiness {

    /** The organisation in the subject of the development PKI's CAs (security/pki/DevelopmentPki). */
    static final String DEVELOPMENT_CA = "O=Samverkan Gateway Development PKI";
    static final String DEVELOPMENT_PSEUDONYM_KEY = "development-only-pseudonym-key";
    static final int MIN_PSEUDONYM_KEY = 32;

    private ProductionReadiness() {
    }

    /**
     * @param environment the configuration (passwords, database, pseudonym key, dev PKI)
     * @param bundles     the SSL bundles' names whose passwords are checked
     * @param trustStores the trust stores in use, by name
     * @param revocation  the CRLs in force
     */
    public static List<String> problems(Environment environment, List<String> bundles,
                                        Map<String, KeyStore> trustStores, Revocation revocation) {
        List<String> problems = new ArrayList<>();
        String key = environment.getProperty("gateway.privacy.pseudonym-key", "");
        if (key.equals(DEVELOPMENT_PSEUDONYM_KEY) || key.length() < MIN_PSEUDONYM_KEY) {
            problems.add("gateway.privacy.pseudonym-key is the public development key or shorter than "
                    + MIN_PSEUDONYM_KEY + " characters: set a secret of your own (GATEWAY_PRIVACY_PSEUDONYMKEY)");
        }
        for (String bundle : bundles) {
            for (String store : new String[] {"keystore", "truststore"}) {
                String prefix = "spring.ssl.bundle.jks." + bundle + "." + store + ".";
                if (environment.getProperty(prefix + "location") == null) {
                    continue;
                }
                String password = environment.getProperty(prefix + "password", "");
                if (password.isEmpty() || password.equals("changeit")) {
                    problems.add(prefix + "password is empty or 'changeit'");
                }
            }
        }
        switch (revocation.status()) {
            case NONE -> problems.add("gateway.security.crls is empty: revoked certificates would be accepted");
            case STALE -> problems.add("a CRL in gateway.security.crls is past its next update ("
                    + revocation.nextUpdate().orElseThrow() + ")");
            default -> {
            }
        }
        trustStores.forEach((name, store) -> {
            if (holdsDevelopmentCa(store)) {
                problems.add("the trust store of SSL bundle '" + name + "' trusts the development PKI's CAs");
            }
        });
        String url = environment.getProperty("spring.datasource.url", "");
        if (url.startsWith("jdbc:h2:") && environment.getProperty("spring.datasource.password", "").isEmpty()) {
            problems.add("spring.datasource is H2 with an empty password: production's database is PostgreSQL"
                    + " (spring.datasource.url=jdbc:postgresql://...)");
        }
        if (environment.getProperty("gateway.security.dev-pki.create-if-missing", Boolean.class, false)) {
            problems.add("gateway.security.dev-pki.create-if-missing is true (the quick start's development PKI)");
        }
        if (!environment.getProperty("server.ssl.enabled", Boolean.class, true)
                || environment.getProperty("server.ssl.bundle") == null) {
            problems.add("server.ssl is off: the FHIR face must require client certificates (server.ssl.bundle,"
                    + " client-auth: need)");
        }
        return problems;
    }

    private static boolean holdsDevelopmentCa(KeyStore store) {
        try {
            for (String alias : Collections.list(store.aliases())) {
                Certificate certificate = store.getCertificate(alias);
                if (certificate instanceof X509Certificate x509
                        && x509.getSubjectX500Principal().getName().contains(DEVELOPMENT_CA)) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
