package se.samverkan.gateway.cooperation;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Resource;
import se.samverkan.gateway.fhir.FhirOperation;

/**
 * {@code POST /fhir} with a transaction (or batch) Bundle of Communications and SIP CarePlans, each entry
 * {@code POST}: all are read and checked first, and none is routed if one is refused (422 naming the entry
 * and field); then all are routed together. Each response entry carries the per-recipient OperationOutcome.
 */
class CooperationTransaction implements FhirOperation {

    private final CooperationFace face;

    CooperationTransaction(CooperationFace face) {
        this.face = face;
    }

    @Transaction
    public Bundle transaction(@TransactionParam Bundle bundle, RequestDetails details) {
        if (bundle.getType() != Bundle.BundleType.TRANSACTION && bundle.getType() != Bundle.BundleType.BATCH) {
            throw new InvalidRequestException("GW-4201 Bundle.type: a transaction or batch Bundle is expected");
        }
        List<Resource> resources = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            Bundle.BundleEntryComponent entry = bundle.getEntry().get(i);
            Resource resource = entry.getResource();
            if (!(resource instanceof Communication || resource instanceof CarePlan)
                    || entry.getRequest().getMethod() != Bundle.HTTPVerb.POST) {
                throw new InvalidRequestException("GW-4201 Bundle.entry[" + i + "]: only POST of a Communication or"
                        + " a SIP CarePlan can be routed");
            }
            resources.add(resource);
            fields.add("Bundle.entry[" + i + "].resource");
        }
        List<List<RecipientOutcome>> outcomes = face.routeAll(resources, fields, details);
        Bundle response = new Bundle().setType(bundle.getType() == Bundle.BundleType.BATCH
                ? Bundle.BundleType.BATCHRESPONSE : Bundle.BundleType.TRANSACTIONRESPONSE);
        for (List<RecipientOutcome> perRecipient : outcomes) {
            response.addEntry().getResponse()
                    .setStatus(Answers.anyAccepted(perRecipient) ? "201 Created" : "200 OK")
                    .setOutcome(Answers.of(perRecipient));
        }
        return response;
    }
}
