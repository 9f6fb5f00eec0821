package se.samverkan.gateway.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Consent.ConsentState;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import se.samverkan.gateway.consent.DecisionRequest.CasePhase;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.identity.PersonalIdentityNumber;

/** Consents and guardians as FHIR resources, in the shape the gateway writes unless a test changes it. */
public final class TestConsents {

    public static final String PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";

    private TestConsents() {
    }

    public static Identifier identity(PersonalIdentityNumber person) {
        return new Identifier().setValue(person.value()).setSystem(
                person.kind() == PersonalIdentityNumber.Kind.SAMORDNINGSNUMMER ? Systems.SAMORDNINGSNUMMER
                        : Systems.PERSONNUMMER);
    }

    public static Reference organisation(OrganisationId org) {
        return new Reference().setType("Organization")
                .setIdentifier(new Identifier().setSystem(org.system()).setValue(org.value()));
    }

    public static RelatedPerson guardian(String id, PersonalIdentityNumber child, PersonalIdentityNumber person,
                                  boolean custody) {
        RelatedPerson rp = new RelatedPerson();
        rp.setId(id);
        rp.addIdentifier(identity(person));
        rp.setActive(custody);
        rp.setPatient(new Reference().setIdentifier(identity(child)));
        rp.addRelationship(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-RoleCode",
                "GUARD", "guardian")));
        return rp;
    }

    public static Builder permit(String id, PersonalIdentityNumber child, PersonalIdentityNumber by) {
        return new Builder(id, child, by, ConsentProvisionType.PERMIT);
    }

    public static Builder refusal(String id, PersonalIdentityNumber child, PersonalIdentityNumber by) {
        return new Builder(id, child, by, ConsentProvisionType.DENY);
    }

    /** A consent: given half a year ago, open-ended, for the flow F1, to the default recipient. */
    public static final class Builder {
        private final Consent consent = new Consent();
        private final Consent.ProvisionComponent root;
        private LocalDate given = TestWorld.TODAY.minusMonths(6);
        private LocalDate until;

        private Builder(String id, PersonalIdentityNumber child, PersonalIdentityNumber by, ConsentProvisionType type) {
            consent.setId(id);
            consent.getMeta().setVersionId("1");
            consent.setStatus(ConsentState.ACTIVE);
            consent.setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope",
                    "patient-privacy", null)));
            consent.addCategory(new CodeableConcept(new Coding(Systems.LOINC, "59284-0", null)));
            consent.setPatient(new Reference().setIdentifier(identity(child)));
            consent.addPerformer(new Reference().setIdentifier(identity(by)));
            root = consent.getProvision().setType(type);
            to(TestWorld.SCHOOL).purpose("F1");
        }

        public Builder given(LocalDate day) {
            this.given = day;
            return this;
        }

        public Builder until(LocalDate day) {
            this.until = day;
            return this;
        }

        public Builder status(ConsentState status) {
            consent.setStatus(status);
            return this;
        }

        public Builder to(OrganisationId recipient) {
            root.getActor().removeIf(a -> a.getRole().hasCoding(PARTICIPATION, "IRCP"));
            root.addActor().setRole(new CodeableConcept(new Coding(PARTICIPATION, "IRCP", null)))
                    .setReference(organisation(recipient));
            return this;
        }

        public Builder toAnyone() {
            root.getActor().removeIf(a -> a.getRole().hasCoding(PARTICIPATION, "IRCP"));
            return this;
        }

        public Builder from(OrganisationId source) {
            root.addActor().setRole(new CodeableConcept(new Coding(PARTICIPATION, "CST", null)))
                    .setReference(organisation(source));
            return this;
        }

        public Builder fromIdentifier(String system, String value) {
            root.addActor().setRole(new CodeableConcept(new Coding(PARTICIPATION, "CST", null)))
                    .setReference(new Reference().setIdentifier(new Identifier().setSystem(system).setValue(value)));
            return this;
        }

        public Builder purposeCoding(String systemAndCode) {
            root.getPurpose().clear();
            int bar = systemAndCode.indexOf('|');
            root.addPurpose(new Coding(systemAndCode.substring(0, bar), systemAndCode.substring(bar + 1), null));
            return this;
        }

        public Builder anyPurpose() {
            root.getPurpose().clear();
            return this;
        }

        public Builder resourceTypes(String... types) {
            for (String type : types) {
                root.addClass_(new Coding("http://hl7.org/fhir/resource-types", type, null));
            }
            return this;
        }

        public Builder purpose(String flow) {
            root.getPurpose().clear();
            root.addPurpose(new Coding(Systems.FLOW, flow, null));
            return this;
        }

        public Builder categories(DataCategory... categories) {
            for (DataCategory category : categories) {
                root.addCode(new CodeableConcept(new Coding(Systems.DATA_CATEGORY, category.code(), null)));
            }
            return this;
        }

        public Builder phase(CasePhase phase) {
            consent.addExtension(CasePhase.EXTENSION_URL, new CodeType(phase.code()));
            return this;
        }

        public Builder performer(Reference performer) {
            consent.getPerformer().clear();
            consent.addPerformer(performer);
            return this;
        }

        public Builder alsoPerformedBy(PersonalIdentityNumber person) {
            consent.addPerformer(new Reference().setIdentifier(identity(person)));
            return this;
        }

        /** A nested provision: an exception to the root for these categories (no type: R4 reads it as the opposite). */
        public Builder except(ConsentProvisionType type, DataCategory... categories) {
            Consent.ProvisionComponent nested = root.addProvision();
            if (type != null) {
                nested.setType(type);
            }
            for (DataCategory category : categories) {
                nested.addCode(new CodeableConcept(new Coding(Systems.DATA_CATEGORY, category.code(), null)));
            }
            return this;
        }

        public Consent build() {
            consent.setDateTimeElement(new DateTimeType(given.toString()));
            Period period = new Period().setStartElement(new DateTimeType(given.toString()));
            if (until != null) {
                period.setEndElement(new DateTimeType(until.toString()));
            }
            root.setPeriod(period);
            return consent;
        }
    }

    public static List<Consent> tenConsents(PersonalIdentityNumber child, PersonalIdentityNumber mother,
                                     PersonalIdentityNumber father) {
        List<Consent> consents = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            consents.add(permit("m" + i, child, mother).categories(DataCategory.values()[i]).build());
            consents.add(permit("f" + i, child, father).categories(DataCategory.values()[i]).build());
        }
        return consents;
    }

    public static Instant noon(LocalDate day) {
        return day.atTime(12, 0).atZone(FhirTime.SWEDEN).toInstant();
    }
}
