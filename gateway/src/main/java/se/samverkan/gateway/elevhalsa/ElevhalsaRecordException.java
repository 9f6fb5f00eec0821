package se.samverkan.gateway.elevhalsa;

/**
 * A record refused by itself (the rest of the batch goes on): its code, the record, the field (a path in the
 * export such as {@code referral/child/personalIdentityNumber}) and the reason. The message never holds a
 * value from the record, only its id.
 *
 * <p>Codes: GW-1101 an identity number with a bad date or check digit; GW-1103 the record id repeats an
 * earlier record of the batch; GW-1104 a date outside the years 1900-2199; GW-1110 an anonymous consultation
 * that carries what would identify the child (identity number, name, address, exact birth date, registration
 * municipality, free text not marked de-identified); GW-1111 a birth date that is not the identity number's;
 * GW-1112 times out of order (withdrawn or valid until before given, a period that ends before it starts);
 * GW-1113 content the record's flow requires or rules out (a consent for F4 without its case phase, a case
 * phase on a consent for another flow, a report of concern with neither recipient nor registration
 * municipality, an identified consultation without the child).
 */
public class ElevhalsaRecordException extends RuntimeException {

    private final String code;
    private final String recordId;
    private final int position;
    private final int line;
    private final String field;
    private final String reason;

    public ElevhalsaRecordException(String code, ElevhalsaRecord record, String field, String reason) {
        super(code + " " + record.describe() + ", " + field + ": " + reason);
        this.code = code;
        this.recordId = record.recordId();
        this.position = record.position();
        this.line = record.line();
        this.field = field;
        this.reason = reason;
    }

    public String code() {
        return code;
    }

    public String recordId() {
        return recordId;
    }

    public int position() {
        return position;
    }

    public int line() {
        return line;
    }

    /** Where in the record, e.g. {@code consent/givenBy/guardian[2]/personalIdentityNumber}. */
    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
