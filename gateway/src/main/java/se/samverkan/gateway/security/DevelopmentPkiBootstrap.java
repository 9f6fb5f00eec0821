package se.samverkan.gateway.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import se.samverkan.gateway.security.pki.DevelopmentPki;

/**
 * The quick start's keys: with {@code gateway.security.dev-pki.create-if-missing=true} (the quickstart
 * profile), a development PKI is made in {@code gateway.security.dev-pki.directory} before anything reads the
 * SSL bundles, when that folder lacks one. Never set it in production: the CA keys sit next to the certificates.
 */
public final class DevelopmentPkiBootstrap implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    private static final String[] FILES = {"gateway-server.p12", "gateway-client.p12", "gateway-signing.p12",
        "truststore.p12", "issuing-ca.crl", "root-ca.crl"};

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        if (!environment.getProperty("gateway.security.dev-pki.create-if-missing", Boolean.class, false)) {
            return;
        }
        Path directory = Path.of(environment.getProperty("gateway.security.dev-pki.directory", "certs/dev"));
        if (Stream.of(FILES).allMatch(name -> Files.isRegularFile(directory.resolve(name)))) {
            return;
        }
        try {
            DevelopmentPki.create(directory, Clock.systemUTC(), DevelopmentPki.DEFAULT_PASSWORD.toCharArray());
            // System.out: logging is not set up yet at this point of the start
            System.out.println("Quick start: made a development PKI in " + directory.toAbsolutePath()
                    + " (development only; see certs/README.md)");
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the development PKI in " + directory + ": " + e.getMessage(),
                    e);
        }
    }
}
