package se.samverkan.gateway.fhir;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import se.samverkan.gateway.support.TestIds;

/** What the FHIR face refuses in a Consent, read as the decision reads it. */
class ConsentChecksTest {

    static Consent consent(String start, String end) {
        Consent c = new Consent();
        c.setStatus(Consent.ConsentState.ACTIVE);
        c.setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope",
                "patient-privacy", null)));
        c.setPatient(new Reference().setIdentifier(new Identifier().setSystem(Systems.PERSONNUMMER)
                .setValue(TestIds.pnr(LocalDate.of(2016, 5, 17), 903))));
        c.getProvision().setType(Consent.ConsentProvisionType.PERMIT)
                .setPeriod(new Period().setStartElement(new DateTimeType(start)).setEndElement(new DateTimeType(end)));
        return c;
    }

    @Test
    void case10_aDateOnlyEndCoversTheWholeSwedishDayAtTheFhirFaceAsInTheDecision() {
        assertThatCode(() -> ConsentChecks.check(consent("2026-11-23T08:00:00+01:00", "2026-11-23")))
                .doesNotThrowAnyException();
        assertThatCode(() -> ConsentChecks.check(consent("2026-11-23T23:30:00+01:00", "2026-11-23")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> ConsentChecks.check(consent("2026-11-23T08:00:00+01:00", "2026-11-22")))
                .isInstanceOf(UnprocessableEntityException.class).hasMessageContaining("GW-4005")
                .hasMessageContaining("Consent.provision.period");
        assertThatCode(() -> ConsentChecks.check(consent("2026-11-24T00:30:00+01:00", "2026-11-23T23:59:00Z")))
                .as("time zones: 00:30 in Sweden is 23:30Z the day before, before the end")
                .doesNotThrowAnyException();
    }
}
