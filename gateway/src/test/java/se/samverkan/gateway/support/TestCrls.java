package se.samverkan.gateway.support;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import se.samverkan.gateway.security.pki.Keystores;
import se.samverkan.gateway.security.pki.PkiFiles;

/** CRLs of the test PKI's issuing CA as a test wants them: who is revoked, and until when the CRL holds. */
public final class TestCrls {

    private static long number = 100;

    private TestCrls() {
    }

    /** A CRL of the issuing CA, revoking the certificates of the keystores given (and the PKI's revoked one). */
    public static synchronized byte[] issuing(PkiFiles pki, Instant thisUpdate, Instant nextUpdate,
                                              List<Path> revokedKeystores) throws Exception {
        char[] password = TestTls.PASSWORD.toCharArray();
        KeyStore ca = Keystores.load(pki.issuingCaKeystore(), password);
        String alias = ca.aliases().nextElement();
        X509Certificate caCertificate = (X509Certificate) ca.getCertificate(alias);
        PrivateKey key = (PrivateKey) ca.getKey(alias, password);
        X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(caCertificate.getSubjectX500Principal(),
                Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(nextUpdate));
        builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(++number)));
        Date revokedAt = Date.from(thisUpdate.minusSeconds(60));
        builder.addCRLEntry(serial(pki.revoked(), password), revokedAt, CRLReason.keyCompromise);
        for (Path keystore : revokedKeystores) {
            builder.addCRLEntry(serial(keystore, password), revokedAt, CRLReason.keyCompromise);
        }
        X509CRL crl = new JcaX509CRLConverter().getCRL(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        return crl.getEncoded();
    }

    /** Writes the CRL in place of the file, in one move (the gateway never reads half a file). */
    public static void replace(Path file, byte[] crl) throws Exception {
        Path next = Files.createTempFile(file.getParent(), "crl", ".tmp");
        Files.write(next, crl);
        Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static BigInteger serial(Path keystore, char[] password) throws Exception {
        KeyStore store = Keystores.load(keystore, password);
        return ((X509Certificate) store.getCertificate(store.aliases().nextElement())).getSerialNumber();
    }
}
