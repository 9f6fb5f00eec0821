package se.samverkan.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The loud warning is for plain HTTP only: never in the secure default, always in the quick start. */
class PlainHttpWarningTest {

    @Test
    void tlsFromAnSslBundleIsNotPlain() {
        assertThat(PlainHttpWarning.plain(new MockEnvironment().withProperty("server.ssl.bundle", "gateway-server")))
                .isFalse();
    }

    @Test
    void aBundleSwitchedOffIsPlain() {
        assertThat(PlainHttpWarning.plain(new MockEnvironment().withProperty("server.ssl.bundle", "gateway-server")
                .withProperty("server.ssl.enabled", "false"))).isTrue();
    }

    @Test
    void noTlsConfiguredIsPlain() {
        assertThat(PlainHttpWarning.plain(new MockEnvironment())).isTrue();
    }
}
