package se.samverkan.gateway.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import se.samverkan.gateway.routing.Participant;

/** The participant that made the current request, as {@link ParticipantFilter} found it in its certificate. */
public final class Callers {

    static final String ATTRIBUTE = Callers.class.getName() + ".participant";
    static final String OPERATOR = Callers.class.getName() + ".operator";

    private Callers() {
    }

    /** Empty only over plain HTTP (the loopback quick start): over TLS the filter lets no one else through. */
    public static Optional<Participant> of(HttpServletRequest request) {
        return Optional.ofNullable((Participant) request.getAttribute(ATTRIBUTE));
    }

    /**
     * The operator calling the admin API, as "name (serialNumber)"; empty only over plain HTTP (the loopback
     * quick start): over TLS {@link ParticipantFilter} lets no one else reach it.
     */
    public static Optional<String> operator(HttpServletRequest request) {
        return Optional.ofNullable((String) request.getAttribute(OPERATOR));
    }

    /**
     * The operator calling the admin API, as {@link #operator} names them; refuses (403 GW-6007) a TLS request
     * that names none, should the participant filter ever be bypassed. Over plain HTTP (the loopback quick
     * start) there is no certificate to name anyone.
     */
    public static String operatorOrRefuse(HttpServletRequest request) {
        if (request.isSecure() && operator(request).isEmpty()) {
            throw new org.springframework.web.server.ResponseStatusException(
                    org.springframework.http.HttpStatus.FORBIDDEN, "GW-6007");
        }
        return operator(request).orElse("an operator on loopback (no certificate)");
    }

    public static Optional<Participant> of(RequestDetails request) {
        if (request instanceof ServletRequestDetails servlet && servlet.getServletRequest() != null) {
            return of(servlet.getServletRequest());
        }
        return Optional.empty();
    }
}
