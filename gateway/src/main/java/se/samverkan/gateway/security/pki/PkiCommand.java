package se.samverkan.gateway.security.pki;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * {@code gateway pki [--out certs/dev] [--password changeit]}: writes the development PKI and lists what it
 * wrote. Prints subjects and serials only; the password and the keys never reach the output.
 */
public final class PkiCommand {

    private static final String USAGE = "usage: gateway pki [--out DIR] [--password PASSWORD]";

    private PkiCommand() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of("certs/dev");
        char[] password = DevelopmentPki.DEFAULT_PASSWORD.toCharArray();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].equals("--out") && !args[i].equals("--password")) {
                fail("unknown option " + args[i]);
            }
            if (i + 1 >= args.length) {
                fail(args[i] + " needs a value");
            }
            if (args[i].equals("--out")) {
                out = Path.of(args[i + 1]);
            } else {
                password = args[i + 1].toCharArray();
            }
        }
        PkiFiles files = DevelopmentPki.create(out, Clock.systemUTC(), password);
        print(files, password, System.out);
    }

    static void print(PkiFiles files, char[] password, PrintStream out) throws Exception {
        out.println("wrote a development PKI to " + files.directory()
                + " (never commit it; every keystore has the password given, or the default)");
        certificate(out, files.rootCa(), Keystores.readCertificate(files.rootCa()));
        certificate(out, files.issuingCa(), Keystores.readCertificate(files.issuingCa()));
        List<Path> keystores = new ArrayList<>(List.of(files.rootCaKeystore(), files.issuingCaKeystore(),
                files.gatewayServer(), files.gatewayClient(), files.gatewaySigning()));
        keystores.addAll(files.participants().values().stream().sorted().toList());
        keystores.addAll(List.of(files.expired(), files.revoked()));
        for (Path keystore : keystores) {
            certificate(out, keystore, Keystores.certificate(keystore, password));
        }
        for (Path crl : List.of(files.issuingCaCrl(), files.rootCaCrl())) {
            X509CRL read = Keystores.readCrl(crl);
            int revoked = read.getRevokedCertificates() == null ? 0 : read.getRevokedCertificates().size();
            out.printf("  %-22s CRL of %s, %d revoked, next update %s%n", crl.getFileName(),
                    name(read.getIssuerX500Principal().getEncoded()), revoked, read.getNextUpdate().toInstant());
        }
        KeyStore trust = Keystores.load(files.truststore(), password);
        out.printf("  %-22s trusted: %s%n", files.truststore().getFileName(), Collections.list(trust.aliases()));
        out.printf("  %-22s issuing CA and root, PEM%n", files.chain().getFileName());
    }

    private static void certificate(PrintStream out, Path file, X509Certificate certificate) {
        out.printf("  %-22s %s%n  %-22s serial %s, valid %s to %s%n", file.getFileName(),
                name(certificate.getSubjectX500Principal().getEncoded()), "",
                certificate.getSerialNumber().toString(16), certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant());
    }

    /** BC's rendering: it names serialNumber, where the JDK's RFC 2253 form shows it as an OID and hex. */
    private static String name(byte[] encoded) {
        return X500Name.getInstance(encoded).toString();
    }

    private static void fail(String message) {
        System.err.println(message);
        System.err.println(USAGE);
        System.exit(64);
    }
}
