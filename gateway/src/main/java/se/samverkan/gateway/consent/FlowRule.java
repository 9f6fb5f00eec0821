package se.samverkan.gateway.consent;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import se.samverkan.gateway.fhir.Systems;

/** A flow as decisions use it: configuration read once into sets that are cheap to ask. */
record FlowRule(
        String id,
        String name,
        Optional<String> legalBasis,
        Set<DataCategory> categories,
        Set<String> purposes,
        Integer childConsentFromAge,
        boolean phaseBound,
        boolean anonymousWithoutConsent,
        boolean recipientImplied,
        Set<String> consentCategories) {

    /** LOINC 59284-0 (patient consent): the category every consent that lifts secrecy carries (DOMAIN.md). */
    static final String PATIENT_CONSENT = Systems.LOINC + "|59284-0";

    static FlowRule of(String id, FlowProperties.Flow flow) {
        EnumSet<DataCategory> categories = EnumSet.noneOf(DataCategory.class);
        categories.addAll(flow.categories());
        Set<String> purposes = new HashSet<>(flow.purposes());
        purposes.add(Systems.FLOW + "|" + id);
        Optional<String> basis = flow.allowedBy() == FlowProperties.Basis.LEGAL_BASIS
                ? Optional.of(flow.legalBasis()) : Optional.empty();
        Set<String> consentCategories = new HashSet<>(flow.consentCategories());
        consentCategories.add(PATIENT_CONSENT);
        return new FlowRule(id, flow.name(), basis, Collections.unmodifiableSet(categories), Set.copyOf(purposes),
                flow.childConsentFromAge(), flow.phaseBound(), flow.anonymousWithoutConsent(),
                flow.recipientImplied(), Set.copyOf(consentCategories));
    }

    /** C8: the flow rests on law, not on consent. */
    boolean byLaw() {
        return legalBasis.isPresent();
    }

    /** The categories asked for that this flow may carry at all. */
    Set<DataCategory> carried(Set<DataCategory> requested) {
        EnumSet<DataCategory> carried = EnumSet.noneOf(DataCategory.class);
        carried.addAll(requested);
        carried.retainAll(categories);
        return carried;
    }

    /** Whether a Consent.category coding makes a consent count for this flow (LOINC 59284-0, or one it names). */
    boolean countsCategory(Coding category) {
        return category.hasSystem() && category.hasCode()
                && consentCategories.contains(category.getSystem() + "|" + category.getCode());
    }

    boolean servesPurpose(Coding purpose) {
        return purpose.hasSystem() && purpose.hasCode()
                && purposes.contains(purpose.getSystem() + "|" + purpose.getCode());
    }
}
