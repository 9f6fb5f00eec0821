package se.samverkan.gateway.consent;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Period;

/**
 * FHIR times at the precision they were written in. A date without a time of day is a Swedish calendar
 * day: a consent "valid until 2026-12-31" holds for the whole of that day, wherever the server runs.
 */
final class FhirTime {

    static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");

    private FhirTime() {
    }

    /** The first moment the value stands for. */
    static Instant start(BaseDateTimeType value) {
        if (hasTimeOfDay(value)) {
            return value.getValue().toInstant();
        }
        return firstDay(value).atStartOfDay(SWEDEN).toInstant();
    }

    /** The first moment after the value: the end of its day, month or year, or of its second. */
    static Instant endExclusive(BaseDateTimeType value) {
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
    static boolean covers(Period period, Instant now) {
        return !startsAfter(period, now) && !endedBefore(period, now);
    }

    static boolean startsAfter(Period period, Instant now) {
        return period.hasStart() && now.isBefore(start(period.getStartElement()));
    }

    static boolean endedBefore(Period period, Instant now) {
        return period.hasEnd() && !now.isBefore(endExclusive(period.getEndElement()));
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
