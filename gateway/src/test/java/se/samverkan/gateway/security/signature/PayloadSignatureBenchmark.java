package se.samverkan.gateway.security.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.gateway.security.pki.DevelopmentPki;
import se.samverkan.gateway.security.pki.PkiFiles;

/**
 * Cost of signing and verifying a 60 KB body, one thread, with an EC P-256 key (the development PKI) and an
 * RSA 2048 key (as SITHS has). Verification includes PKIX with CRLs; the JDK caches parsed certificates and
 * their verified signatures, so after the first message from a signer the chain costs little. Not part of the
 * normal test run:
 * {@code ./mvnw -o -pl gateway -Pbench test -Dtest=PayloadSignatureBenchmark}.
 */
@Tag("bench")
class PayloadSignatureBenchmark {

    static final int BODY_BYTES = 60 * 1024;
    static final int WARM_UP = 1_000;
    static final int MEASURED = 3_000;
    static final char[] PASSWORD = "test-only-password".toCharArray();

    @Test
    void signAndVerifyASixtyKilobyteBody(@TempDir Path dir) throws Exception {
        Clock clock = Clock.systemUTC();
        PkiFiles files = DevelopmentPki.create(dir, clock, PASSWORD);
        PayloadVerifier verifier = TestSignatures.verifier(files, PASSWORD, clock);
        byte[] body = TestSignatures.body(BODY_BYTES);

        PayloadSigner ec = PayloadSigner.fromPkcs12(files.gatewaySigning(), PASSWORD, clock);
        PayloadSigner rsa = TestSignatures.rsaParticipant(files, PASSWORD, Instant.now(), clock);
        // twice each, interleaved: the first round also warms the code both share
        for (int round = 1; round <= 2; round++) {
            report("round " + round + ", EC P-256", ec, verifier, body);
            report("round " + round + ", RSA 2048", rsa, verifier, body);
        }
    }

    private static void report(String key, PayloadSigner signer, PayloadVerifier verifier, byte[] body) {
        byte[] signature = signer.sign(body);
        long[] sign = measure(() -> signer.sign(body));
        long[] verify = measure(() -> verifier.verify(body, signature));
        System.out.printf("%n[bench] %s, %,d-byte body, %d-byte signature: sign p50 %.3f ms, p99 %.3f ms;"
                        + " verify (incl. PKIX + CRL) p50 %.3f ms, p99 %.3f ms (%,d each after %,d warm-up)%n",
                key, body.length, signature.length, pct(sign, 50), pct(sign, 99), pct(verify, 50), pct(verify, 99),
                MEASURED, WARM_UP);
        assertThat(verifier.verify(body, signature).serialNumber()).isNotBlank();
    }

    private static long[] measure(Supplier<Object> work) {
        long[] nanos = new long[MEASURED];
        Object sink = null;
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
            long start = System.nanoTime();
            sink = work.get();
            long took = System.nanoTime() - start;
            if (i >= WARM_UP) {
                nanos[i - WARM_UP] = took;
            }
        }
        assertThat(sink).isNotNull();
        Arrays.sort(nanos);
        return nanos;
    }

    private static double pct(long[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e6;
    }
}
