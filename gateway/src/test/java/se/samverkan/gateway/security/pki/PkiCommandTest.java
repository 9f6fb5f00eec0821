package se.samverkan.gateway.security.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiCommandTest {

    private static final String PASSWORD = "not-to-be-printed";

    @Test
    void writesWhereToldWithThePasswordGiven(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("dev");
        PkiCommand.main(new String[] {"--out", out.toString(), "--password", PASSWORD});

        assertThat(Keystores.certificate(out.resolve("bhv.p12"), PASSWORD.toCharArray())).isNotNull();
        assertThat(out.resolve("issuing-ca.crl")).isRegularFile();
    }

    @Test
    void runningAgainReplacesEverythingWithANewCa(@TempDir Path dir) throws Exception {
        PkiCommand.main(new String[] {"--out", dir.toString(), "--password", PASSWORD});
        X509Certificate firstRoot = Keystores.readCertificate(dir.resolve("root-ca.crt"));
        PkiCommand.main(new String[] {"--out", dir.toString(), "--password", PASSWORD});

        assertThat(Keystores.readCertificate(dir.resolve("root-ca.crt"))).isNotEqualTo(firstRoot);
        X509Certificate bhv = Keystores.certificate(dir.resolve("bhv.p12"), PASSWORD.toCharArray());
        bhv.verify(Keystores.readCertificate(dir.resolve("issuing-ca.crt")).getPublicKey());
    }

    @Test
    void listsFilesSubjectsAndSerialNumbersButNeverThePassword(@TempDir Path dir) throws Exception {
        PkiFiles files = DevelopmentPki.create(dir, Clock.systemUTC(), PASSWORD.toCharArray());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PkiCommand.print(files, PASSWORD.toCharArray(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertThat(printed).contains("root-ca.crt", "issuing-ca.p12", "gateway-server.p12", "gateway-client.p12",
                "gateway-signing.p12", "bhv.p12", "school.p12", "bup.p12", "social-services.p12", "expired.p12",
                "revoked.p12", "issuing-ca.crl", "root-ca.crl", "truststore.p12", "chain.pem");
        assertThat(printed).contains("SERIALNUMBER=" + DevelopmentPki.GATEWAY_ID);
        Participant.DEFAULTS.forEach(p -> assertThat(printed).contains("SERIALNUMBER=" + p.identifier()));
        assertThat(printed).contains("1 revoked").doesNotContain(PASSWORD).doesNotContain("PRIVATE KEY");
    }
}
