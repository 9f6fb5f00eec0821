package se.samverkan.gateway.fhir;

import java.util.Set;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Period;
import se.samverkan.gateway.consent.FhirTime;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import se.samverkan.gateway.identity.PersonalIdentityNumber;

/**
 * What a Consent must have before the registry accepts it: the policy decision point can only act on
 * a consent it can tie to a child and to a person. Each failure names the element (HTTP 422).
 */
final class ConsentChecks {

    /** A consent is given by a person: the child, a guardian, or a professional recording it. */
    private static final Set<String> PERSON_TYPES = Set.of("Patient", "RelatedPerson", "Practitioner");

    private ConsentChecks() {
    }

    static void check(Consent consent) {
        if (consent.getStatus() == null || consent.getStatus() == Consent.ConsentState.NULL) {
            throw Unprocessable.at("Consent.status", "GW-4001",
                    "missing or not a known code (draft, proposed, active, rejected, inactive, entered-in-error)");
        }
        checkChild("Consent.patient", consent.getPatient());
        if (!consent.hasScope()) {
            throw Unprocessable.at("Consent.scope", "GW-4004", "required (patient-privacy)");
        }
        for (int i = 0; i < consent.getPerformer().size(); i++) {
            Reference performer = consent.getPerformer().get(i);
            String type = performer.hasType() ? performer.getType()
                    : performer.getReferenceElement().getResourceType();
            if (type == null || !PERSON_TYPES.contains(type)) {
                throw Unprocessable.at("Consent.performer[" + i + "]", "GW-4003",
                        "must be a person (Patient, RelatedPerson or Practitioner), not " + (type == null ? "untyped" : type));
            }
        }
        checkTime("Consent.dateTime", consent.getDateTimeElement());
        checkPeriods("Consent.provision", consent.getProvision());
    }

    private static void checkTime(String element, BaseDateTimeType value) {
        if (value != null && !value.isEmpty() && !FhirTime.has(value)) {
            throw Unprocessable.at(element, "GW-4005", "not a valid date or dateTime");
        }
    }

    static void checkChild(String element, Reference child) {
        Identifier id = child.getIdentifier();
        if (!child.hasIdentifier() || !id.hasValue()) {
            throw Unprocessable.at(element, "GW-4002",
                    "must name the child by identifier (personnummer or samordningsnummer)");
        }
        String problem = PersonalIdentityNumber.problem(id.getValue());
        if (problem != null) {
            throw Unprocessable.at(element + ".identifier", "GW-4002", "not a valid identity number: " + problem);
        }
    }

    /** Periods as the decision reads them (FhirTime): a date-only end covers the whole Swedish day. */
    private static void checkPeriods(String element, Consent.ProvisionComponent provision) {
        if (provision.hasPeriod()) {
            Period period = provision.getPeriod();
            checkTime(element + ".period.start", period.getStartElement());
            checkTime(element + ".period.end", period.getEndElement());
            if (FhirTime.endsBeforeStart(period)) {
                throw Unprocessable.at(element + ".period", "GW-4005", "ends before it starts");
            }
        }
        for (int i = 0; i < provision.getProvision().size(); i++) {
            checkPeriods(element + ".provision[" + i + "]", provision.getProvision().get(i));
        }
    }
}
