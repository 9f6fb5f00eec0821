package se.samverkan.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;
import se.samverkan.gateway.security.pki.Keystores;
import se.samverkan.gateway.security.pki.PkiFiles;
import se.samverkan.gateway.support.TestCrls;
import se.samverkan.gateway.support.TestTls;

/** The production profile refuses each development default, and starts on a set-up that has none. */
class ProductionReadinessTest {

    @TempDir
    static Path directory;
    static PkiFiles pki;
    static Revocation current;
    static KeyStore developmentTrust;
    static KeyStore productionTrust;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestTls.create(directory).files();
        current = new Revocation(List.of(pki.issuingCaCrl(), pki.rootCaCrl()), Clock.systemUTC(), Duration.ofDays(2));
        developmentTrust = Keystores.load(pki.truststore(), TestTls.PASSWORD.toCharArray());
        // a trust store of some other CA (the stranger PKI's own "development" CA renamed is not needed: empty)
        productionTrust = KeyStore.getInstance("PKCS12");
        productionTrust.load(null, null);
    }

    /** What a production operator sets: PostgreSQL, own secrets, TLS with CRLs. */
    private static MockEnvironment production() {
        return new MockEnvironment()
                .withProperty("gateway.privacy.pseudonym-key", "a-secret-of-at-least-thirty-two-characters!")
                .withProperty("spring.ssl.bundle.jks.gateway-server.keystore.location", "file:/etc/gw/server.p12")
                .withProperty("spring.ssl.bundle.jks.gateway-server.keystore.password", "s3cret-from-the-vault")
                .withProperty("spring.ssl.bundle.jks.gateway-server.truststore.location", "file:/etc/gw/trust.p12")
                .withProperty("spring.ssl.bundle.jks.gateway-server.truststore.password", "s3cret-from-the-vault")
                .withProperty("spring.datasource.url", "jdbc:postgresql://db/gateway")
                .withProperty("server.ssl.bundle", "gateway-server");
    }

    private static List<String> problems(MockEnvironment environment, Revocation revocation, KeyStore trust) {
        return ProductionReadiness.problems(environment, List.of("gateway-server"), Map.of("gateway-server", trust),
                revocation);
    }

    @Test
    void aProductionSetUpHasNoProblem() {
        assertThat(problems(production(), current, productionTrust)).isEmpty();
    }

    @Test
    void thePublicPseudonymKeyIsRefused() {
        assertThat(problems(production().withProperty("gateway.privacy.pseudonym-key",
                "development-only-pseudonym-key"), current, productionTrust))
                .singleElement().asString().contains("pseudonym-key");
    }

    @Test
    void changeitAndEmptyKeyStorePasswordsAreRefused() {
        assertThat(problems(production()
                .withProperty("spring.ssl.bundle.jks.gateway-server.keystore.password", "changeit")
                .withProperty("spring.ssl.bundle.jks.gateway-server.truststore.password", ""), current,
                productionTrust)).hasSize(2).allSatisfy(p -> assertThat(p).contains("password"));
    }

    @Test
    void anEmptyCrlListIsRefused() {
        Revocation none = new Revocation(List.of(), Clock.systemUTC(), Duration.ofDays(2));

        assertThat(problems(production(), none, productionTrust)).singleElement().asString().contains("crls");
    }

    @Test
    void aCrlPastItsNextUpdateIsRefused() throws Exception {
        Instant now = Instant.now();
        Path stale = Files.write(directory.resolve("stale.crl"), TestCrls.issuing(pki,
                now.minus(Duration.ofDays(9)), now.minus(Duration.ofDays(2)), List.of()));
        Revocation lapsed = new Revocation(List.of(stale), Clock.systemUTC(), Duration.ofDays(2));

        assertThat(problems(production(), lapsed, productionTrust)).singleElement().asString()
                .contains("past its next update");
    }

    @Test
    void theDevelopmentPkisCasInATrustStoreAreRefused() {
        assertThat(problems(production(), current, developmentTrust)).singleElement().asString()
                .contains("development PKI");
    }

    @Test
    void h2WithAnEmptyPasswordIsRefused() {
        assertThat(problems(production().withProperty("spring.datasource.url", "jdbc:h2:file:./var/db/gateway"),
                current, productionTrust)).singleElement().asString().contains("H2");
    }

    @Test
    void plainHttpAndTheDevelopmentPkiBootstrapAreRefused() {
        assertThat(problems(production().withProperty("server.ssl.enabled", "false")
                .withProperty("gateway.security.dev-pki.create-if-missing", "true"), current, productionTrust))
                .hasSize(2);
    }

    @Test
    void theProfileStopsTheStartListingEveryProblemAndWithoutItNothingIsChecked() {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withUserConfiguration(ProductionConfiguration.class)
                .withBean(DefaultSslBundleRegistry.class)
                .withBean(SecurityProperties.class, () -> SecurityProperties.defaults(List.of()))
                .withBean(Revocation.class, () -> new Revocation(List.of(), Clock.systemUTC(), Duration.ofDays(2)))
                .withPropertyValues("gateway.privacy.pseudonym-key=development-only-pseudonym-key",
                        "spring.datasource.url=jdbc:h2:file:./var/db/gateway");

        runner.withPropertyValues("gateway.security.production=true").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("GW-6200")
                    .hasMessageContaining("pseudonym-key").hasMessageContaining("crls")
                    .hasMessageContaining("H2");
        });
        runner.run(context -> assertThat(context).hasNotFailed());
    }
}
