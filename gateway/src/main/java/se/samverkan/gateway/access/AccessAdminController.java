package se.samverkan.gateway.access;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.hl7.fhir.r4.model.Consent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.gateway.audit.AuditTrail;
import se.samverkan.gateway.consent.ConsentEnded;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.registry.Author;
import se.samverkan.gateway.registry.Indexes;
import se.samverkan.gateway.registry.ResourceStore;
import se.samverkan.gateway.registry.StoredResource;
import se.samverkan.gateway.security.Callers;

/**
 * What operators do for a family, through the admin API (operators' certificates only):
 * <pre>
 * POST /admin/trail                     {"child": "..."}: the child's whole audit trail, as JSON, or as a page a
 *                                       person reads with Accept: text/html (the extract itself is audited)
 * POST /admin/consents/{id}/withdraw    {"reason": "..."}: withdraw a consent on a guardian's request; the version
 *                                       records the operator and the reason, and recipients are told (C5)
 * </pre>
 * The child is sent in the body, not the URL, so that no identity number reaches an access log.
 */
@RestController
@RequestMapping("/admin")
class AccessAdminController {

    static final String BAD_CHILD = "GW-6020";
    static final String NO_REASON = "GW-6021";
    static final String NO_SUCH_CONSENT = "GW-6022";

    private final ChildTrail trail;
    private final AuditTrail audit;
    private final ResourceStore store;
    private final FhirContext fhir;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;

    AccessAdminController(ChildTrail trail, AuditTrail audit, ResourceStore store, FhirContext fhir,
                          TransactionTemplate transactions, ApplicationEventPublisher events) {
        this.trail = trail;
        this.audit = audit;
        this.store = store;
        this.fhir = fhir;
        this.transactions = transactions;
        this.events = events;
    }

    @PostMapping("/trail")
    ResponseEntity<?> trail(@RequestBody Map<String, String> body,
                            @RequestHeader(value = "Accept", defaultValue = "application/json") String accept,
                            HttpServletRequest request) {
        String operator = operator(request);
        String child = body.get("child");
        if (child == null || PersonalIdentityNumber.problem(child) != null) {
            return problem(HttpStatus.BAD_REQUEST, BAD_CHILD, "child: a valid personnummer or samordningsnummer");
        }
        var entries = trail.of(child);
        audit.extract(operator, child);
        if (accept.contains(MediaType.TEXT_HTML_VALUE)) {
            return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                    .body(ChildTrail.html(entries));
        }
        return ResponseEntity.ok(Map.of("entries", entries, "count", entries.size()));
    }

    @PostMapping("/consents/{id}/withdraw")
    ResponseEntity<?> withdraw(@PathVariable String id, @RequestBody Map<String, String> body,
                               HttpServletRequest request) {
        String operator = operator(request);
        String reason = body.get("reason");
        if (reason == null || reason.isBlank()) {
            return problem(HttpStatus.BAD_REQUEST, NO_REASON, "reason: say why (a guardian's request, say)");
        }
        StoredResource stored = store.read("Consent", id).orElse(null);
        if (stored == null) {
            return problem(HttpStatus.NOT_FOUND, NO_SUCH_CONSENT, "no consent " + id);
        }
        Consent before = stored.parse(fhir.newJsonParser(), Consent.class);
        Consent after = before.copy();
        after.setStatus(Consent.ConsentState.INACTIVE);
        Author author = Author.operator(stored.recordedBy(), operator, reason.strip());
        after.getMeta().setSource(author.source());
        Consent saved = transactions.execute(tx -> {
            Consent written = store.update(id, after, Indexes.of(after), author, stored.version());
            audit.write(stored.recordedBy() == null ? "gateway" : stored.recordedBy(), operator, reason.strip(),
                    before.getPatient().getIdentifier().getValue(), written.getIdElement().getValue(), true);
            return written;
        });
        ConsentEnded.of(before, saved).ifPresent(events::publishEvent);
        return ResponseEntity.ok(Map.of("consent", saved.getIdElement().getValue(), "status", "inactive"));
    }

    private static String operator(HttpServletRequest request) {
        return Callers.operatorOrRefuse(request);
    }

    private static ResponseEntity<Map<String, String>> problem(HttpStatus status, String code, String reason) {
        return ResponseEntity.status(status).body(Map.of("code", code, "reason", reason));
    }
}
