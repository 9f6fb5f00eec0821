package se.samverkan.gateway.delivery;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.gateway.security.Callers;

/**
 * The outbox's admin API, behind the same mutual TLS as everything else and open to operators only
 * ({@code gateway.security.operators}; the participant filter refuses anyone else with GW-6007). It shows
 * no identity number and no payload: children by pseudonym, deliveries by id.
 *
 * <pre>
 * GET  /admin/outbox?status=PARKED&amp;limit=100   deliveries in a status (PENDING, DELIVERED, HELD, PARKED)
 * GET  /admin/outbox/{deliveryId}                one delivery
 * POST /admin/outbox/{deliveryId}/redrive        send a parked delivery again (or a waiting one now)
 * POST /admin/outbox/redrive                     send every parked delivery again
 * </pre>
 */
@RestController
@RequestMapping("/admin/outbox")
class OutboxAdminController {

    static final String NO_SUCH_DELIVERY = "GW-3010";
    static final String NOT_PARKED = "GW-3011";

    private final OutboxAdmin admin;

    OutboxAdminController(OutboxAdmin admin) {
        this.admin = admin;
    }

    @GetMapping
    List<OutboxEntry> list(@RequestParam(defaultValue = "PARKED") Outbox.Status status,
                           @RequestParam(defaultValue = "100") int limit, HttpServletRequest request) {
        operator(request);
        return admin.entries(status, Math.max(1, Math.min(limit, 10_000)));
    }

    @GetMapping("/{deliveryId}")
    ResponseEntity<?> one(@PathVariable UUID deliveryId, HttpServletRequest request) {
        operator(request);
        return admin.entry(deliveryId).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> problem(HttpStatus.NOT_FOUND, NO_SUCH_DELIVERY, "no delivery " + deliveryId));
    }

    @PostMapping("/{deliveryId}/redrive")
    ResponseEntity<?> redrive(@PathVariable UUID deliveryId, HttpServletRequest request) {
        return switch (admin.redrive(deliveryId, operator(request))) {
            case REQUEUED -> ResponseEntity.ok(admin.entry(deliveryId).orElseThrow());
            case NO_SUCH_DELIVERY -> problem(HttpStatus.NOT_FOUND, NO_SUCH_DELIVERY, "no delivery " + deliveryId);
            case NOT_PARKED -> problem(HttpStatus.CONFLICT, NOT_PARKED, "delivery " + deliveryId + " is "
                    + admin.entry(deliveryId).map(e -> e.status().name().toLowerCase()).orElse("gone")
                    + ": only a parked delivery, or one waiting for its next attempt, can be re-driven");
        };
    }

    @PostMapping("/redrive")
    Map<String, Object> redriveParked(HttpServletRequest request) {
        String operator = operator(request);
        List<UUID> ids = admin.parked().stream()
                .filter(id -> admin.redrive(id, operator) == Outbox.Redrive.REQUEUED).toList();
        return Map.of("redriven", ids.size(), "deliveryIds", ids);
    }

    private static String operator(HttpServletRequest request) {
        return Callers.operatorOrRefuse(request);
    }

    private static ResponseEntity<Map<String, String>> problem(HttpStatus status, String code, String reason) {
        return ResponseEntity.status(status).body(Map.of("code", code, "reason", reason));
    }
}
