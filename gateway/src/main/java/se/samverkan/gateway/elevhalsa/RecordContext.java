package se.samverkan.gateway.elevhalsa;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.XMLGregorianCalendar;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import se.samverkan.gateway.elevhalsa.xml.BatchHeader;
import se.samverkan.gateway.elevhalsa.xml.Child;
import se.samverkan.gateway.identity.PersonalIdentityNumber;

/**
 * One record as the mapper works on it: the checks the schema cannot make, each of which refuses the record
 * naming the field (never the value), the conversions of its times, and the ids of what it maps to. Ids are
 * name-based UUIDs of the record's key, so mapping the same record twice gives the same resources.
 */
final class RecordContext {

    static final int FIRST_YEAR = 1900;
    static final int LAST_YEAR = 2199;

    private final BatchHeader header;
    private final ElevhalsaRecord record;

    RecordContext(BatchHeader header, ElevhalsaRecord record) {
        this.header = header;
        this.record = record;
    }

    BatchHeader header() {
        return header;
    }

    ElevhalsaRecord record() {
        return record;
    }

    /** A field path below the record's element: {@code at("child", "birthDate")} is referral/child/birthDate. */
    String at(String... parts) {
        return record.kind().element() + "/" + String.join("/", parts);
    }

    ElevhalsaRecordException refuse(String code, String field, String reason) {
        return new ElevhalsaRecordException(code, record, field, reason);
    }

    /** A name-based UUID of the key and a label: the same record gives the same ids. */
    static String id(String key, String label) {
        return UUID.nameUUIDFromBytes(("elevhalsa|" + key + "|" + label).getBytes(StandardCharsets.UTF_8)).toString();
    }

    PersonalIdentityNumber identity(String field, String value) {
        String problem = PersonalIdentityNumber.problem(value);
        if (problem != null) {
            throw refuse("GW-1101", field, "not a valid personal identity number: " + problem);
        }
        return PersonalIdentityNumber.parse(value);
    }

    /** The child's identity number, checked, and its birth date checked against it. */
    PersonalIdentityNumber child(String path, Child child) {
        PersonalIdentityNumber id = identity(path + "/personalIdentityNumber", child.getPersonalIdentityNumber());
        LocalDate birth = date(path + "/birthDate", child.getBirthDate());
        if (!birth.equals(id.birthDate())) {
            throw refuse("GW-1111", path + "/birthDate", "not the birth date of the personal identity number");
        }
        return id;
    }

    /** A calendar date (the zone an xs:date may carry is dropped: FHIR dates have none). */
    LocalDate date(String field, XMLGregorianCalendar value) {
        plausible(field, value);
        return LocalDate.of(value.getYear(), value.getMonth(), value.getDay());
    }

    DateType dateType(String field, XMLGregorianCalendar value) {
        return new DateType(date(field, value).toString());
    }

    /** A date and time with its offset as the source wrote it (the schema requires the offset). */
    DateTimeType dateTime(String field, XMLGregorianCalendar value) {
        plausible(field, value);
        return new DateTimeType(value.toXMLFormat());
    }

    int year(String field, XMLGregorianCalendar value) {
        plausible(field, value);
        return value.getYear();
    }

    private void plausible(String field, XMLGregorianCalendar value) {
        if (value.getEon() != null || value.getYear() == DatatypeConstants.FIELD_UNDEFINED
                || value.getYear() < FIRST_YEAR || value.getYear() > LAST_YEAR) {
            throw refuse("GW-1104", field, "a date outside the years " + FIRST_YEAR + "-" + LAST_YEAR);
        }
    }

    /** Refuses an end before its start. */
    void ordered(String startField, String endField, LocalDate start, LocalDate end) {
        if (start != null && end != null && end.isBefore(start)) {
            throw refuse("GW-1112", endField, "before " + startField.substring(startField.lastIndexOf('/') + 1));
        }
    }
}
