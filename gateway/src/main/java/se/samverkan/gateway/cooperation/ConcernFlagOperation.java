package se.samverkan.gateway.cooperation;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import se.samverkan.gateway.fhir.FhirOperation;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.routing.Participant;
import se.samverkan.gateway.routing.ParticipantKind;
import se.samverkan.gateway.routing.ParticipantRegistry;
import se.samverkan.gateway.security.Callers;

/**
 * {@code POST /fhir/$concern-flags}: the child's raised concern flags (C9), and {@code clear=true} to clear them.
 * Only social services call it, and an intake unit sees and clears only the flags of children registered in its
 * own municipality (DOMAIN.md section 6): another municipality's flags are not shown to it, so the answer does not
 * tell it whether they exist. While a flag is raised nothing guardian-facing about the child is sent.
 */
class ConcernFlagOperation implements FhirOperation {

    private final ConcernFlags flags;
    private final ParticipantRegistry registry;

    ConcernFlagOperation(ConcernFlags flags, ParticipantRegistry registry) {
        this.flags = flags;
        this.registry = registry;
    }

    @Operation(name = "$concern-flags")
    public Parameters concernFlags(@OperationParam(name = "child", min = 1) Identifier child,
                                   @OperationParam(name = "clear") org.hl7.fhir.r4.model.BooleanType clear,
                                   RequestDetails details) {
        if (child == null || !Systems.isIdentitySystem(child.getSystem())
                || PersonalIdentityNumber.problem(child.getValue()) != null) {
            throw new InvalidRequestException("GW-4011 child: a valid personnummer or samordningsnummer is needed");
        }
        Participant caller = Callers.of(details).orElse(null);
        boolean socialServices = caller == null || caller.kind() == ParticipantKind.SOCIAL_SERVICES;
        if (!socialServices) {
            throw new ForbiddenOperationException("GW-6004 caller: only social services read or clear concern flags");
        }
        // the loopback quick start has no caller and sees every municipality's flags
        String municipality = caller == null ? null : registry.municipalityOf(caller).orElse("none");
        Parameters out = new Parameters();
        if (clear != null && clear.booleanValue()) {
            int cleared = caller == null ? flags.clear(child.getValue(), "loopback")
                    : flags.clear(child.getValue(), caller.id(), municipality);
            out.addParameter("cleared", new IntegerType(cleared));
        }
        (caller == null ? flags.raised(child.getValue()) : flags.raised(child.getValue(), municipality))
                .forEach(flag -> out.addParameter("flag", new CodeType(flag)));
        return out;
    }
}
