package se.samverkan.gateway.bhv;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import javax.xml.datatype.XMLGregorianCalendar;
import se.samverkan.gateway.bhv.xml.BatchHeader;
import se.samverkan.gateway.identity.PersonalIdentityNumber;

/**
 * One child's transfer as the mapper sees it. Every id in the Bundle derives from the delivery id, so
 * mapping the same record twice gives the same Bundle (golden files, receiver-side de-duplication).
 */
public record TransferContext(BatchHeader header, BhvRecord record, PersonalIdentityNumber child,
                              UUID deliveryId, Instant now) {

    /** The delivery id is stable per flow, exporting unit, batch, child and school. */
    public static UUID deliveryId(BatchHeader header, String childId, String schoolUnit) {
        String key = "F1|" + header.getExportingUnit() + "|" + header.getBatchId() + "|" + childId + "|" + schoolUnit;
        return UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    UUID idFor(String label) {
        return UUID.nameUUIDFromBytes((deliveryId + "/" + label).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public Instant exportedAt() {
        return header.getExportedAt().toGregorianCalendar().toZonedDateTime().toInstant();
    }

    static LocalDate date(XMLGregorianCalendar value) {
        return value == null ? null : LocalDate.of(value.getYear(), value.getMonth(), value.getDay());
    }
}
