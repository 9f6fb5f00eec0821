package se.samverkan.gateway.consent;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.identity.PersonalIdentityNumber;

/**
 * One question to the {@link ConsentGate}: may these data categories about this child go from source to
 * recipient in this flow at this moment? Consents and custody are not part of the question: the gate
 * reads them where they are kept, so that a withdrawal is seen at once (C5, C12).
 *
 * @param flow      a configured flow id, e.g. "F1" (see {@link FlowCatalogue})
 * @param child     the child; null only for an anonymised payload (C7), which names no one
 * @param requested the data categories the payload carries; empty for a payload with none (a notice)
 * @param at        the moment of decision; age (C4) and validity (C2) are judged at it
 */
public record DecisionRequest(
        String flow,
        PersonalIdentityNumber child,
        OrganisationId source,
        OrganisationId recipient,
        Set<DataCategory> requested,
        Instant at,
        Context context) {

    public DecisionRequest {
        Objects.requireNonNull(flow, "flow");
        context = context == null ? Context.NONE : context;
        if (child == null && !context.anonymised()) {
            // only an anonymised payload (C7) is about no one the gateway knows
            throw new NullPointerException("child");
        }
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(at, "at");
        EnumSet<DataCategory> copy = EnumSet.noneOf(DataCategory.class);
        copy.addAll(Objects.requireNonNull(requested, "requested"));
        requested = Collections.unmodifiableSet(copy);
    }

    /** The child, or empty for an anonymised payload that names no one (C7). */
    public Optional<PersonalIdentityNumber> childIfKnown() {
        return Optional.ofNullable(child);
    }

    /** A request with no special circumstances ({@link Context#NONE}). */
    public static DecisionRequest of(String flow, PersonalIdentityNumber child, OrganisationId source,
                                     OrganisationId recipient, Set<DataCategory> requested, Instant at) {
        return new DecisionRequest(flow, child, source, recipient, requested, at, Context.NONE);
    }

    public DecisionRequest with(Context newContext) {
        return new DecisionRequest(flow, child, source, recipient, requested, at, newContext);
    }

    public DecisionRequest withRequested(Set<DataCategory> categories) {
        return new DecisionRequest(flow, child, source, recipient, categories, at, context);
    }

    /** The same question at another moment: decide again right before delivery (C12). */
    public DecisionRequest asOf(Instant moment) {
        return new DecisionRequest(flow, child, source, recipient, requested, moment, context);
    }

    /**
     * What the caller knows about the circumstances.
     *
     * @param protectedIdentity the child has protected personal data (C10)
     * @param casePhase         for school and social services flows: the phase of the case (C6); null if none
     * @param anonymised        the payload is fully anonymised (C7)
     * @param guardianFacing    the communication goes to the guardians (a receipt, a notice) (C9)
     * @param flagged           the child is flagged for violence, abuse, threats or honour-related context (C9)
     */
    public record Context(boolean protectedIdentity, CasePhase casePhase, boolean anonymised,
                          boolean guardianFacing, boolean flagged) {

        public static final Context NONE = new Context(false, null, false, false, false);

        public Optional<CasePhase> phase() {
            return Optional.ofNullable(casePhase);
        }

        public Context withProtectedIdentity(boolean value) {
            return new Context(value, casePhase, anonymised, guardianFacing, flagged);
        }

        public Context withCasePhase(CasePhase value) {
            return new Context(protectedIdentity, value, anonymised, guardianFacing, flagged);
        }

        public Context withAnonymised(boolean value) {
            return new Context(protectedIdentity, casePhase, value, guardianFacing, flagged);
        }

        public Context withGuardianFacing(boolean value) {
            return new Context(protectedIdentity, casePhase, anonymised, value, flagged);
        }

        public Context withFlagged(boolean value) {
            return new Context(protectedIdentity, casePhase, anonymised, guardianFacing, value);
        }
    }

    /**
     * The phase of a school and social services case (C6). A Consent given for a phase carries it in the
     * extension {@link #EXTENSION_URL} on the Consent, as a valueCode (voluntary, report, investigation).
     */
    public enum CasePhase {
        VOLUNTARY("voluntary"), REPORT("report"), INVESTIGATION("investigation");

        public static final String EXTENSION_URL = Systems.CANONICAL_BASE + "/StructureDefinition/case-phase";

        private final String code;

        CasePhase(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Optional<CasePhase> fromCode(String code) {
            return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
        }
    }
}
