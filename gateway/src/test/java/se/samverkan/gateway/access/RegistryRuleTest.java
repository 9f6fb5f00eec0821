package se.samverkan.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegistryRuleTest {

    @Test
    void aServerOperationHasNoTypeAndIsNotTheRegistrysBusiness() {
        assertThat(RegistryRule.isRegistryType(null)).isFalse();
        assertThat(RegistryRule.isRegistryType("Communication")).isFalse();
        assertThat(RegistryRule.isRegistryType("Consent")).isTrue();
    }
}
