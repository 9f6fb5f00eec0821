package se.samverkan.gateway.bhv;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.datatype.XMLGregorianCalendar;
import se.samverkan.gateway.bhv.xml.ChildRecord;
import se.samverkan.gateway.bhv.xml.ImmunizationEntry;
import se.samverkan.gateway.bhv.xml.RecordedConsent;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.mapping.VaccineCodes;

/**
 * What the schema cannot say about a record: identity numbers with a valid date and check digit, vaccine
 * codes the mapping table knows, and dates and dose numbers a real record can have (the schema allows a
 * year 20270 or a dose number of 23 digits, which the mapping cannot carry). A problem names the field,
 * never the value.
 */
public class RecordCheck {

    public record Problem(String code, String field, String reason) {
        public String message() {
            return field + ": " + reason;
        }
    }

    static final BigInteger MAX_DOSE = BigInteger.valueOf(99);
    static final int FIRST_YEAR = 1900;
    static final int LAST_YEAR = 2199;

    private final VaccineCodes vaccines;

    public RecordCheck(VaccineCodes vaccines) {
        this.vaccines = vaccines;
    }

    public Optional<Problem> problem(ChildRecord r) {
        Optional<Problem> p = identity("personalIdentityNumber", r.getPersonalIdentityNumber());
        for (int i = 0; p.isEmpty() && i < r.getGuardian().size(); i++) {
            p = identity("guardian[" + (i + 1) + "]/personalIdentityNumber",
                    r.getGuardian().get(i).getPersonalIdentityNumber());
        }
        for (int i = 0; p.isEmpty() && i < r.getConsent().size(); i++) {
            p = identity("consent[" + (i + 1) + "]/givenBy", r.getConsent().get(i).getGivenBy());
        }
        List<ImmunizationEntry> imm = r.getImmunization();
        for (int i = 0; p.isEmpty() && i < imm.size(); i++) {
            if (vaccines.atc(imm.get(i).getVaccineCode()).isEmpty()) {
                p = Optional.of(new Problem("GW-1102", "immunization[" + (i + 1) + "]/vaccineCode",
                        "vaccine code is not in the mapping table (mappings/vaccine-codes.csv)"));
            }
        }
        return p.or(() -> implausible(r)).or(() -> outOfOrder(r));
    }

    /**
     * A consent valid until (or withdrawn) before it was given would be a Consent breaking R4's per-1; read as
     * the decision reads periods (FhirTime: a date is a whole Swedish day), the record is refused (GW-1112).
     */
    private static Optional<Problem> outOfOrder(ChildRecord r) {
        for (int i = 0; i < r.getConsent().size(); i++) {
            RecordedConsent c = r.getConsent().get(i);
            for (var end : new Object[][] {{"validUntil", c.getValidUntil()}, {"withdrawn", c.getWithdrawn()}}) {
                XMLGregorianCalendar until = (XMLGregorianCalendar) end[1];
                if (c.getDate() == null || until == null) {
                    continue;
                }
                org.hl7.fhir.r4.model.Period period = new org.hl7.fhir.r4.model.Period()
                        .setStartElement(new org.hl7.fhir.r4.model.DateTimeType(day(c.getDate())))
                        .setEndElement(new org.hl7.fhir.r4.model.DateTimeType(day(until)));
                if (se.samverkan.gateway.consent.FhirTime.endsBeforeStart(period)) {
                    return Optional.of(new Problem("GW-1112", "consent[" + (i + 1) + "]/" + end[0],
                            "before the consent was given (consent[" + (i + 1) + "]/date)"));
                }
            }
        }
        return Optional.empty();
    }

    private static String day(XMLGregorianCalendar value) {
        return String.format("%04d-%02d-%02d", value.getYear(), value.getMonth(), value.getDay());
    }

    private static Optional<Problem> implausible(ChildRecord r) {
        Map<String, XMLGregorianCalendar> dates = new LinkedHashMap<>();
        dates.put("schoolStart/startDate", r.getSchoolStart().getStartDate());
        for (int i = 0; i < r.getConsent().size(); i++) {
            RecordedConsent c = r.getConsent().get(i);
            dates.put("consent[" + (i + 1) + "]/date", c.getDate());
            dates.put("consent[" + (i + 1) + "]/validUntil", c.getValidUntil());
            dates.put("consent[" + (i + 1) + "]/withdrawn", c.getWithdrawn());
        }
        for (int i = 0; i < r.getImmunization().size(); i++) {
            ImmunizationEntry entry = r.getImmunization().get(i);
            dates.put("immunization[" + (i + 1) + "]/date", entry.getDate());
            BigInteger dose = entry.getDoseNumber();
            if (dose != null && dose.compareTo(MAX_DOSE) > 0) {
                return Optional.of(new Problem("GW-1104", "immunization[" + (i + 1) + "]/doseNumber",
                        "dose number over " + MAX_DOSE));
            }
        }
        for (int i = 0; i < r.getGrowth().size(); i++) {
            dates.put("growth[" + (i + 1) + "]/date", r.getGrowth().get(i).getDate());
        }
        for (int i = 0; i < r.getHearingScreening().size(); i++) {
            dates.put("hearingScreening[" + (i + 1) + "]/date", r.getHearingScreening().get(i).getDate());
        }
        for (int i = 0; i < r.getVisionScreening().size(); i++) {
            dates.put("visionScreening[" + (i + 1) + "]/date", r.getVisionScreening().get(i).getDate());
        }
        return dates.entrySet().stream()
                .filter(d -> d.getValue() != null && (d.getValue().getEon() != null
                        || d.getValue().getYear() < FIRST_YEAR || d.getValue().getYear() > LAST_YEAR))
                .findFirst()
                .map(d -> new Problem("GW-1104", d.getKey(), "a date outside the years " + FIRST_YEAR + "-" + LAST_YEAR));
    }

    private static Optional<Problem> identity(String field, String value) {
        String problem = PersonalIdentityNumber.problem(value);
        return problem == null ? Optional.empty()
                : Optional.of(new Problem("GW-1101", field, "not a valid personal identity number: " + problem));
    }
}
