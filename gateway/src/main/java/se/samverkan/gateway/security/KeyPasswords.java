package se.samverkan.gateway.security;

import org.springframework.boot.ssl.SslBundle;

/** The password of an SSL bundle's private key: its own when configured, else the keystore's (PKCS#12's way). */
final class KeyPasswords {

    private KeyPasswords() {
    }

    static char[] of(SslBundle bundle) {
        String password = bundle.getKey().getPassword() != null ? bundle.getKey().getPassword()
                : bundle.getStores().getKeyStorePassword();
        return password == null ? new char[0] : password.toCharArray();
    }
}
