package se.samverkan.gateway.cooperation;

import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Notices the gateway sends itself ({@code gateway.notices.*}).
 *
 * @param guardianEndpoint where notices to guardians go (a Camel URI: the region's e-service for messages to
 *                         residents, or a folder); none: the gateway sends none, and says so at start
 * @param receipts         the flows whose items the guardians get a receipt for (flow ids)
 */
@ConfigurationProperties("gateway.notices")
public record NoticeProperties(String guardianEndpoint, Set<String> receipts) {

    public NoticeProperties {
        receipts = receipts == null ? Set.of("F2", "F7") : Set.copyOf(receipts);
    }

    boolean toGuardians() {
        return guardianEndpoint != null && !guardianEndpoint.isBlank();
    }
}
