package se.samverkan.gateway.elevhalsa;

import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import se.samverkan.gateway.elevhalsa.xml.BatchHeader;

/**
 * Maps one record of an elevhälsa export to the FHIR R4 resources the router decides on and delivers (the
 * shapes both the XML path and the FHIR face hand over): a Communication for F2-F6, a CarePlan for F7, and for
 * a consent the RelatedPerson of each guardian who gave it followed by the Consent. It checks what the schema
 * cannot, refusing the record with an {@link ElevhalsaRecordException} that names the field; it does not
 * decide who may receive anything (the router does, from the registry and the consents). Plain and stateless:
 * one instance serves any number of threads.
 */
public class ElevhalsaMapper {

    /**
     * The resources of the record, in a stable order; mapping the same record again gives equal resources.
     *
     * @throws ElevhalsaRecordException when the record is refused (code, record id, field, reason)
     */
    public List<Resource> map(BatchHeader header, ElevhalsaRecord record) {
        RecordContext ctx = new RecordContext(header, record);
        if (record.repeatOfLine() > 0) {
            throw ctx.refuse("GW-1103", record.kind().element() + "/@recordId",
                    "repeats the record id of the record on line " + record.repeatOfLine() + "; the first is taken");
        }
        return switch (record.kind()) {
            case CONSENT -> ConsentMapping.map(ctx);
            case SIP_PLAN -> List.of(SipMapping.map(ctx));
            default -> List.of(CommunicationMapping.map(ctx));
        };
    }
}
