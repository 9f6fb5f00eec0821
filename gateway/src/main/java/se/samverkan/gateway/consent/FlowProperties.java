package se.samverkan.gateway.consent;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;
import se.samverkan.gateway.routing.ParticipantKind;

/**
 * The flows (flows.yml): {@code gateway.flows.catalogue.<flow id>.*}. A flow is configuration, not code:
 * a new one is a new entry with its purposes, its consent rule or legal basis, and its data categories.
 * Rules that only make sense together are checked here, so a broken entry stops the start.
 */
@Validated
@ConfigurationProperties("gateway.flows")
public record FlowProperties(Map<String, @Valid Flow> catalogue) {

    public FlowProperties {
        catalogue = catalogue == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(catalogue));
        catalogue.forEach(FlowProperties::check);
    }

    /** How a flow is allowed: by the consent of those who consent for the child (C4), or by law (C8). */
    public enum Basis { CONSENT, LEGAL_BASIS }

    /**
     * One flow.
     *
     * @param purposes                purpose codes ({@code system|code}) a consent's provision.purpose may
     *                                name for this flow; the project's own flow code is always one of them
     * @param legalBasis              the law a legal-basis flow rests on, written into every decision (C8)
     * @param categories              the data categories the flow may carry; anything else is stripped
     * @param childConsentFromAge     from this age the child's own consent is needed too (C4); null: never
     * @param phaseBound              consent holds only for the case phase it was given in (C6)
     * @param anonymousWithoutConsent without full consent the flow may still go, anonymised (C7)
     * @param senders                 the kinds of participant that may send the flow through the gateway's
     *                                interfaces; none: no participant may (a flow under construction)
     * @param recipientImplied        the recipient follows from the flow itself (F1: the EMI of the school the
     *                                child starts at), so a consent naming no recipient covers it; false: a
     *                                permit must name the recipient
     * @param consentCategories       Consent.category codings ({@code system|code}) besides LOINC 59284-0 that
     *                                make a consent count for this flow
     */
    public record Flow(
            @NotBlank String name,
            List<String> purposes,
            @NotNull Basis allowedBy,
            String legalBasis,
            @NotEmpty Set<DataCategory> categories,
            @Min(1) @Max(17) Integer childConsentFromAge,
            boolean phaseBound,
            boolean anonymousWithoutConsent,
            Set<ParticipantKind> senders,
            boolean recipientImplied,
            List<String> consentCategories) {

        public Flow {
            purposes = purposes == null ? List.of() : List.copyOf(purposes);
            categories = categories == null ? Set.of() : Set.copyOf(categories);
            senders = senders == null ? Set.of() : Set.copyOf(senders);
            consentCategories = consentCategories == null ? List.of() : List.copyOf(consentCategories);
        }

        public static Flow byConsent(String name, DataCategory... categories) {
            return new Flow(name, List.of(), Basis.CONSENT, null, Set.of(categories), null, false, false,
                    Set.of(), false, List.of());
        }

        public static Flow byLegalBasis(String name, String legalBasis, DataCategory... categories) {
            return new Flow(name, List.of(), Basis.LEGAL_BASIS, legalBasis, Set.of(categories), null, false, false,
                    Set.of(), false, List.of());
        }

        public static Set<DataCategory> every() {
            return EnumSet.allOf(DataCategory.class);
        }

        public Flow withPurposes(String... more) {
            return new Flow(name, Arrays.asList(more), allowedBy, legalBasis, categories, childConsentFromAge,
                    phaseBound, anonymousWithoutConsent, senders, recipientImplied,
                    consentCategories);
        }

        public Flow withSenders(ParticipantKind... kinds) {
            return new Flow(name, purposes, allowedBy, legalBasis, categories, childConsentFromAge, phaseBound,
                    anonymousWithoutConsent, Set.of(kinds), recipientImplied, consentCategories);
        }

        public Flow withCategories(Set<DataCategory> newCategories) {
            return new Flow(name, purposes, allowedBy, legalBasis, newCategories, childConsentFromAge,
                    phaseBound, anonymousWithoutConsent, senders, recipientImplied,
                    consentCategories);
        }

        public Flow withChildConsentFromAge(Integer age) {
            return new Flow(name, purposes, allowedBy, legalBasis, categories, age, phaseBound,
                    anonymousWithoutConsent, senders, recipientImplied, consentCategories);
        }

        public Flow withPhaseBound(boolean value) {
            return new Flow(name, purposes, allowedBy, legalBasis, categories, childConsentFromAge, value,
                    anonymousWithoutConsent, senders, recipientImplied, consentCategories);
        }

        public Flow withAnonymousWithoutConsent(boolean value) {
            return new Flow(name, purposes, allowedBy, legalBasis, categories, childConsentFromAge, phaseBound,
                    value, senders, recipientImplied, consentCategories);
        }

        public Flow withRecipientImplied(boolean value) {
            return new Flow(name, purposes, allowedBy, legalBasis, categories, childConsentFromAge, phaseBound,
                    anonymousWithoutConsent, senders, value, consentCategories);
        }

        public Flow withConsentCategories(String... codings) {
            return new Flow(name, purposes, allowedBy, legalBasis, categories, childConsentFromAge, phaseBound,
                    anonymousWithoutConsent, senders, recipientImplied, Arrays.asList(codings));
        }
    }

    private static void check(String id, Flow flow) {
        String where = "gateway.flows.catalogue." + id + ": ";
        if (id.isBlank()) {
            throw new IllegalArgumentException("gateway.flows.catalogue: a flow id is blank");
        }
        for (String purpose : flow.purposes()) {
            int bar = purpose.indexOf('|');
            if (bar <= 0 || bar == purpose.length() - 1) {
                throw new IllegalArgumentException(where + "purpose '" + purpose + "' is not system|code");
            }
        }
        for (String category : flow.consentCategories()) {
            int bar = category.indexOf('|');
            if (bar <= 0 || bar == category.length() - 1) {
                throw new IllegalArgumentException(where + "consent-categories '" + category + "' is not system|code");
            }
        }
        boolean byLaw = flow.allowedBy() == Basis.LEGAL_BASIS;
        if (byLaw && (flow.legalBasis() == null || flow.legalBasis().isBlank())) {
            throw new IllegalArgumentException(where + "legal-basis is required when allowed-by is legal-basis");
        }
        if (!byLaw && flow.legalBasis() != null) {
            throw new IllegalArgumentException(where + "legal-basis is only for flows allowed by legal-basis");
        }
        if (byLaw && (flow.phaseBound() || flow.anonymousWithoutConsent() || flow.childConsentFromAge() != null)) {
            throw new IllegalArgumentException(where + "phase-bound, anonymous-without-consent and "
                    + "child-consent-from-age are consent rules; this flow is allowed by legal-basis");
        }
    }
}
