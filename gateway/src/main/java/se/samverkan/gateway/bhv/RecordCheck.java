package se.samverkan.gateway.bhv;

import java.util.List;
import java.util.Optional;
import se.samverkan.gateway.bhv.xml.ChildRecord;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.mapping.VaccineCodes;

/**
 * What the schema cannot say about a record: identity numbers with a valid date and check digit, and
 * vaccine codes the mapping table knows. A problem names the field, never the value.
 */
public class RecordCheck {

    public record Problem(String code, String field, String reason) {
        public String message() {
            return field + ": " + reason;
        }
    }

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
        List<se.samverkan.gateway.bhv.xml.ImmunizationEntry> imm = r.getImmunization();
        for (int i = 0; p.isEmpty() && i < imm.size(); i++) {
            if (vaccines.atc(imm.get(i).getVaccineCode()).isEmpty()) {
                p = Optional.of(new Problem("GW-1102", "immunization[" + (i + 1) + "]/vaccineCode",
                        "vaccine code is not in the mapping table (mappings/vaccine-codes.csv)"));
            }
        }
        return p;
    }

    private static Optional<Problem> identity(String field, String value) {
        String problem = PersonalIdentityNumber.problem(value);
        return problem == null ? Optional.empty()
                : Optional.of(new Problem("GW-1101", field, "not a valid personal identity number: " + problem));
    }
}
