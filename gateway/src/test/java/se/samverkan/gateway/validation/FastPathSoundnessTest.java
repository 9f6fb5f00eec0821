package se.samverkan.gateway.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.FhirValidator;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.validation.instance.advisor.BasePolicyAdvisorForFullValidation;
import org.hl7.fhir.r5.utils.validation.constants.ReferenceValidationPolicy;
import org.junit.jupiter.api.Test;

/**
 * The crafted cases of issue 17, each against a validator of its own that first learns the golden shape, as
 * production does: the fast path never accepts what full validation rejects, never changes what it validates,
 * and the configuration of HAPI's validator it relies on still holds.
 */
class FastPathSoundnessTest {

    static final Path FULL = ValidationFixtures.GOLDEN.resolve("full-record/expected.json");
    static final String UUID = "f81d4fae-7dec-41d0-a765-00a0c91e6bf6";

    static Bundle golden() throws Exception {
        return ValidationFixtures.read(FULL);
    }

    /**
     * The Bundle as the gateway meets it, parsed (or mapped) afresh: a {@code copy()} would keep references
     * holding the original's resource objects, which the fast path leaves to HAPI.
     */
    static Bundle fresh(Bundle bundle) {
        return ValidationFixtures.FHIR.newJsonParser().parseResource(Bundle.class,
                ValidationFixtures.FHIR.newJsonParser().encodeResourceToString(bundle));
    }

    /** A validator that has learnt the Bundle's shape from HAPI, and the fast path then proves it. */
    static ProfileValidator learnt(Bundle bundle) {
        ProfileValidator validator = ValidationFixtures.validator();
        assertThat(validator.errors(fresh(bundle))).as("the learnt Bundle is valid").isEmpty();
        long proven = validator.fastPathCounts().proven();
        assertThat(validator.errors(fresh(bundle))).isEmpty();
        assertThat(validator.fastPathCounts().proven()).as("the learnt shape is proven").isGreaterThan(proven);
        return validator;
    }

    static Communication communication(Bundle b) {
        return (Communication) b.getEntry().get(17).getResource();
    }

    @Test
    void aUuidIdentifierValueThatIsNoUuidIsRejectedOnAPatientAndACommunication() throws Exception {
        for (String system : List.of("urn:ietf:rfc:4122", "https://tools.ietf.org/html/rfc4122")) {
            Bundle shape = golden();
            FastPathDifferentialTest.patient(shape).addIdentifier(new Identifier().setSystem(system).setValue("urn:uuid:" + UUID));
            communication(shape).addIdentifier(new Identifier().setSystem(system).setValue(UUID));
            ProfileValidator validator = learnt(shape);

            Bundle onPatient = fresh(shape);
            FastPathDifferentialTest.patient(onPatient).getIdentifier().get(1).setValue("not-a-uuid");
            Bundle onCommunication = fresh(shape);
            communication(onCommunication).getIdentifier().get(1).setValue("12345");
            for (Bundle changed : List.of(onPatient, onCommunication)) {
                assertThat(validator.provenByFastPath(changed)).as(system + ": the value is not vouched for").isFalse();
                assertThat(validator.errors(changed)).as(system).isEqualTo(validator.fullErrors(changed));
                if (system.startsWith("https:")) {
                    // the system the HL7 validator (6.7.9) checks; under urn:ietf:rfc:4122 it checks nothing (yet)
                    assertThat(validator.errors(changed)).as(system).isNotEmpty();
                }
            }
        }
    }

    @Test
    void anIdentifierValueUnderAUriSystemIsRejected() throws Exception {
        Bundle shape = golden();
        FastPathDifferentialTest.patient(shape).addIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986")
                .setValue("urn:oid:1.2.752.29.4.19"));
        ProfileValidator validator = learnt(shape);
        Bundle changed = fresh(shape);
        FastPathDifferentialTest.patient(changed).getIdentifier().get(1).setValue("not a uri");
        assertThat(validator.fullErrors(changed)).as("HAPI rejects a relative URI").isNotEmpty();
        assertThat(validator.errors(changed)).isEqualTo(validator.fullErrors(changed));
    }

    /**
     * The shapes abstract the values under these systems on the promise that no validator checks them: an odd but
     * plain value passes full validation under each. Fails when a validator starts checking one of them; that
     * system must then leave {@link ShapeWalker#OPAQUE_IDENTIFIER_SYSTEMS}.
     */
    @Test
    void theIdentifierSystemsWhoseValuesShapesAbstractHaveNoValueRules() {
        ProfileValidator validator = ValidationFixtures.validator();
        for (String system : ShapeWalker.OPAQUE_IDENTIFIER_SYSTEMS) {
            for (String value : List.of("not-a-uuid", "12345", "urn:uuid:x", "a b")) {
                Patient patient = new Patient();
                patient.addIdentifier().setSystem(system).setValue(value);
                assertThat(validator.hapiErrors(patient)).as(system + " " + value).isEmpty();
            }
        }
    }

    @Test
    void theFastPathLeavesTimeZonesAsTheyWere() throws Exception {
        Bundle shape = golden();
        Period period = FastPathDifferentialTest.consent(shape).getProvision().getPeriod();
        period.setStartElement(new DateTimeType("2026-06-01T08:15:00+02:00"));
        period.setEndElement(new DateTimeType("2028-01-01T23:30:00-05:00"));
        ProfileValidator validator = learnt(shape);

        Bundle delivered = fresh(shape);
        String before = ValidationFixtures.FHIR.newJsonParser().encodeResourceToString(delivered);
        long proven = validator.fastPathCounts().proven();
        assertThat(validator.errors(delivered)).isEmpty();
        assertThat(validator.fastPathCounts().proven()).as("proven by the fast path").isGreaterThan(proven);
        assertThat(ValidationFixtures.FHIR.newJsonParser().encodeResourceToString(delivered)).isEqualTo(before);
        Period after = FastPathDifferentialTest.consent(delivered).getProvision().getPeriod();
        assertThat(after.getStartElement().getValueAsString()).isEqualTo("2026-06-01T08:15:00+02:00");
        assertThat(after.getEndElement().getValueAsString()).isEqualTo("2028-01-01T23:30:00-05:00");
    }

    @Test
    void aPeriodEndingBeforeItStartsAcrossZonesIsStillCaught() throws Exception {
        Bundle shape = golden();
        Period period = FastPathDifferentialTest.consent(shape).getProvision().getPeriod();
        period.setStartElement(new DateTimeType("2026-06-01T08:15:00+02:00"));
        period.setEndElement(new DateTimeType("2028-01-01T23:30:00-05:00"));
        ProfileValidator validator = learnt(shape);
        Bundle changed = fresh(shape);
        // 07:00 in UTC+2 is 05:00Z, before the start (06:15Z)
        FastPathDifferentialTest.consent(changed).getProvision().getPeriod()
                .setEndElement(new DateTimeType("2026-06-01T07:00:00+02:00"));
        assertThat(validator.errors(changed)).as("per-1").isNotEmpty().isEqualTo(validator.fullErrors(changed));
    }

    @Test
    void aUuidReferenceToNoEntryIsAnError() throws Exception {
        ProfileValidator validator = learnt(golden());
        String nowhere = "urn:uuid:abcdefab-cdef-4abc-8def-abcdefabcdef";
        Bundle subject = golden();
        communication(subject).setSubject(new Reference(nowhere));
        Bundle payload = golden();
        communication(payload).getPayload().get(1).setContent(new Reference(nowhere));
        Bundle patient = golden();
        FastPathDifferentialTest.consent(patient).setPatient(new Reference(nowhere));
        for (Bundle b : List.of(subject, payload, patient)) {
            assertThat(validator.errors(b)).anySatisfy(issue -> assertThat(issue.message())
                    .contains("Unable to resolve resource with reference '" + nowhere + "'"));
        }
    }

    /**
     * The fast path reads only the profiles a resource declares ({@link ShapeDefinitions}), on the promise that
     * HAPI's validator, as configured, validates against nothing else. The HL7 engine's default policy advisor
     * implies the vital-signs profiles for the growth codes, whose vs-1 wants an effective time to the day; HAPI's
     * implies nothing, so a measurement dated to the month passes it. Fails when that stops holding: the fast path
     * must then learn the implied profiles before HAPI's verdict may be trusted for it.
     */
    @Test
    void hapisValidatorImpliesNoProfilesForTheGrowthCodes() throws Exception {
        ProfileValidator validator = ValidationFixtures.validator();
        for (int entry = 7; entry <= 10; entry++) {
            Bundle bundle = golden();
            Observation o = (Observation) bundle.getEntry().get(entry).getResource();
            o.setEffective(new DateTimeType("2022-02"));
            assertThat(validator.hapiErrors(bundle)).as(o.getCode().getCodingFirstRep().getCode()).isEmpty();
        }
        // the probe sees the difference: with the HL7 base advisor, HAPI applies the vital-signs profiles
        Bundle bundle = golden();
        ((Observation) bundle.getEntry().get(7).getResource()).setEffective(new DateTimeType("2022-02"));
        FhirValidator implying = PlainHapi.validator(new BasePolicyAdvisorForFullValidation(ReferenceValidationPolicy.IGNORE, null));
        assertThat(PlainHapi.errors(implying, bundle)).anySatisfy(issue -> assertThat(issue.message()).contains("vs-1"));
    }
}
