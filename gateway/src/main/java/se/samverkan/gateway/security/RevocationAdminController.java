package se.samverkan.gateway.security;

import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /admin/revocation}: the state of the CRLs for an operator (and a monitor polling with an
 * operator's certificate): CURRENT, DUE (a CRL reaches its next update within
 * {@code gateway.security.crl-warning}: replace it), STALE (past it: its issuer's certificates are refused) or
 * NONE, with each CRL's issuer and dates.
 */
@RestController
class RevocationAdminController {

    record CrlState(String issuer, Instant thisUpdate, Instant nextUpdate) {
    }

    record RevocationState(Revocation.Status status, Instant nextUpdate, List<CrlState> crls) {
    }

    private final Revocation revocation;

    RevocationAdminController(Revocation revocation) {
        this.revocation = revocation;
    }

    @GetMapping("/admin/revocation")
    RevocationState state(HttpServletRequest request) {
        if (request.isSecure() && Callers.operator(request).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "GW-6007");
        }
        List<CrlState> crls = revocation.current().list().stream().map(RevocationAdminController::state).toList();
        return new RevocationState(revocation.status(), revocation.nextUpdate().orElse(null), crls);
    }

    private static CrlState state(X509CRL crl) {
        return new CrlState(crl.getIssuerX500Principal().getName(), crl.getThisUpdate().toInstant(),
                crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant());
    }
}
