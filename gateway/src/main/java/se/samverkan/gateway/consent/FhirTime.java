package se.samverkan.gateway.consent;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Period;

/**
 * FHIR times at the precision they were written in: the one reading of periods that the FHIR face's checks,
 * the batch imports and the decision share. A date without a time of day is a Swedish calendar day: a
 * consent "valid until 2026-12-31" holds for the whole of that day, wherever the server runs; a time of day
 * carries its own zone. A value that does not parse (kept by a lenient parser) counts as absent here; the
 * FHIR face refuses it first.
 */
public final class FhirTime {

    public static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");

    private FhirTime() {
    }

    /** Whether the value is there and parsed. */
    public static boolean has(BaseDateTimeType value) {
        return value != null && value.getValue() != null && value.getPrecision() != null;
    }

    /**
     * R4's per-1 as the decision reads the period: it ends before it starts when its end (a date-only end
     * covering the whole Swedish day) comes no later than its start.
     */
    public static boolean endsBeforeStart(Period period) {
        return period != null && has(period.getStartElement()) && has(period.getEndElement())
                && !endExclusive(period.getEndElement()).isAfter(start(period.getStartElement()));
    }

    /** The first moment the value stands for. */
    public static Instant start(BaseDateTimeType value) {
        if (hasTimeOfDay(value)) {
            return value.getValue().toInstant();
        }
        return firstDay(value).atStartOfDay(SWEDEN).toInstant();
    }

    /** The first moment after the value: the end of its day, month or year, or of its second. */
    public static Instant endExclusive(BaseDateTimeType value) {
        if (hasTimeOfDay(value)) {
            return value.getPrecision().add(value.getValue(), 1).toInstant();
        }
        LocalDate first = firstDay(value);
        LocalDate next = switch (value.getPrecision()) {
            case YEAR -> first.plusYears(1);
            case MONTH -> first.plusMonths(1);
            default -> first.plusDays(1);
        };
        return next.atStartOfDay(SWEDEN).toInstant();
    }

    /** Whether the period (open ends allowed) covers the moment. */
    public static boolean covers(Period period, Instant now) {
        return !startsAfter(period, now) && !endedBefore(period, now);
    }

    public static boolean startsAfter(Period period, Instant now) {
        return has(period.getStartElement()) && now.isBefore(start(period.getStartElement()));
    }

    public static boolean endedBefore(Period period, Instant now) {
        return has(period.getEndElement()) && !now.isBefore(endExclusive(period.getEndElement()));
    }

    private static boolean hasTimeOfDay(BaseDateTimeType value) {
        return value.getPrecision().ordinal() > TemporalPrecisionEnum.DAY.ordinal();
    }

    // the calendar fields are those written (HAPI keeps a date-only value in its own zone)
    private static LocalDate firstDay(BaseDateTimeType value) {
        return switch (value.getPrecision()) {
            case YEAR -> LocalDate.of(value.getYear(), 1, 1);
            case MONTH -> LocalDate.of(value.getYear(), value.getMonth() + 1, 1);
            default -> LocalDate.of(value.getYear(), value.getMonth() + 1, value.getDay());
        };
    }
}
