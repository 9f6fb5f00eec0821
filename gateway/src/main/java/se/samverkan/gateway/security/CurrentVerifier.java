package se.samverkan.gateway.security;

import java.security.KeyStore;
import java.time.Clock;
import java.util.function.Supplier;
import se.samverkan.gateway.security.signature.PayloadVerifier;

/** The signature verifier with the CRLs of the moment: a new one for each new set ({@link Revocation}). */
public final class CurrentVerifier implements Supplier<PayloadVerifier> {

    private volatile PayloadVerifier current;

    CurrentVerifier(KeyStore truststore, Revocation revocation, Clock clock) {
        this.current = new PayloadVerifier(truststore, revocation.current().list(), clock);
        revocation.onChange(crls -> current = new PayloadVerifier(truststore, crls.list(), clock));
    }

    @Override
    public PayloadVerifier get() {
        return current;
    }
}
