package se.samverkan.gateway.security.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.gateway.security.pki.DevelopmentPki;
import se.samverkan.gateway.security.pki.Keystores;
import se.samverkan.gateway.security.pki.PkiFiles;

/**
 * The contract as a receiver without our code sees it: {@code openssl cms -verify} over the body file and
 * the {@code .p7s}, and the other way round. Skipped where openssl is not installed. The PKI is made at the
 * real clock, because openssl validates at the current time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpensslInteropTest {

    private static final char[] PASSWORD = "test-only-password".toCharArray();

    @TempDir
    static Path dir;
    static PkiFiles files;
    static Path body;
    static Path caFile;

    @BeforeAll
    static void createPki() throws Exception {
        assumeTrue(opensslAvailable(), "openssl on the PATH");
        files = DevelopmentPki.create(dir.resolve("pki"), Clock.systemUTC(), PASSWORD);
        body = Files.write(dir.resolve("bundle.json"), TestSignatures.body(60_000));
        // the CA file carries the CRLs too: openssl reads both from one PEM file
        caFile = dir.resolve("chain-and-crls.pem");
        try (Writer writer = Files.newBufferedWriter(caFile); JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            pem.writeObject(Keystores.readCertificate(files.issuingCa()));
            pem.writeObject(Keystores.readCertificate(files.rootCa()));
            pem.writeObject(Keystores.readCrl(files.issuingCaCrl()));
            pem.writeObject(Keystores.readCrl(files.rootCaCrl()));
        }
    }

    @Test
    void opensslVerifiesTheGatewaysSidecarOverTheExactBodyWithRevocationChecked() throws Exception {
        Path sidecar = sidecar(files.gatewaySigning(), Files.readAllBytes(body));

        Result result = verify(body, sidecar);

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("Verification successful");
    }

    @Test
    void opensslRefusesTheGatewaysSignatureOverABodyWithOneByteChanged() throws Exception {
        byte[] bytes = Files.readAllBytes(body);
        Path sidecar = sidecar(files.gatewaySigning(), bytes);
        bytes[bytes.length / 2] ^= 0x01;
        Path tampered = Files.write(dir.resolve("tampered.json"), bytes);

        assertThat(verify(tampered, sidecar).exit()).isNotZero();
    }

    @Test
    void opensslRefusesTheRevokedCertificatesSignature() throws Exception {
        Path sidecar = sidecar(files.revoked(), Files.readAllBytes(body));

        // a client certificate, so -purpose any (see below): the refusal must come from the CRL
        Result result = verify(body, sidecar, "-purpose", "any");

        assertThat(result.exit()).isNotZero();
        assertThat(result.output()).contains("certificate revoked");
    }

    @Test
    void aParticipantsClientCertificateNeedsPurposeAnyInOpensslForItsOnlyExtendedKeyUsageIsClientAuth()
            throws Exception {
        Path sidecar = sidecar(files.participant("bhv"), Files.readAllBytes(body));

        Result strict = verify(body, sidecar);
        Result anyPurpose = verify(body, sidecar, "-purpose", "any");

        assertThat(strict.exit()).isNotZero();
        assertThat(strict.output()).contains("unsuitable certificate purpose");
        assertThat(anyPurpose.exit()).as(anyPurpose.output()).isZero();
    }

    @Test
    void aDetachedSignatureMadeByOpensslVerifiesInTheGatewayAndNamesTheSigner() throws Exception {
        Path pem = dir.resolve("school.pem");
        Result exported = run(List.of("openssl", "pkcs12", "-in", files.participant("school").toString(),
                "-passin", "env:P12_PASSWORD", "-nodes", "-out", pem.toString()));
        assertThat(exported.exit()).as(exported.output()).isZero();
        Path signature = dir.resolve("by-openssl.p7s");
        Result signed = run(List.of("openssl", "cms", "-sign", "-binary", "-md", "sha256", "-in", body.toString(),
                "-signer", pem.toString(), "-certfile", files.chain().toString(), "-outform", "DER",
                "-out", signature.toString()));
        assertThat(signed.exit()).as(signed.output()).isZero();

        PayloadVerifier verifier = TestSignatures.verifier(files, PASSWORD, Clock.systemUTC());

        assertThat(verifier.verify(Files.readAllBytes(body), Files.readAllBytes(signature)).serialNumber())
                .isEqualTo("SE2120000001-SKOLA1");
    }

    private static Path sidecar(Path keystore, byte[] content) throws Exception {
        byte[] der = PayloadSigner.fromPkcs12(keystore, PASSWORD).sign(content);
        return Files.write(dir.resolve(keystore.getFileName() + "-" + System.nanoTime()
                + PayloadSigner.SIDECAR_SUFFIX), der);
    }

    private static Result verify(Path content, Path sidecar, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "cms", "-verify", "-binary", "-inform", "DER",
                "-in", sidecar.toString(), "-content", content.toString(), "-CAfile", caFile.toString(),
                "-crl_check_all", "-out", dir.resolve("verified-content.out").toString()));
        command.addAll(List.of(options));
        return run(command);
    }

    private record Result(int exit, String output) {
    }

    /** stdout and stderr together; the content goes to a file, never to the output. */
    private static Result run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("P12_PASSWORD", new String(PASSWORD));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("openssl did not finish: " + command.get(1));
        }
        return new Result(process.exitValue(), output);
    }

    private static boolean opensslAvailable() {
        try {
            return run(List.of("openssl", "version")).exit() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
