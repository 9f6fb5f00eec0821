package se.samverkan.gateway.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import se.samverkan.gateway.validation.ProfileValidator;

/** Names the published profiles in the CapabilityStatement, per resource type. */
@Interceptor
final class CapabilityProfiles {

    private final ProfileValidator validator;

    CapabilityProfiles(ProfileValidator validator) {
        this.validator = validator;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void addProfiles(IBaseConformance statement) {
        CapabilityStatement cs = (CapabilityStatement) statement;
        for (CapabilityStatement.CapabilityStatementRestResourceComponent resource : cs.getRestFirstRep().getResource()) {
            validator.profilesOf(resource.getType()).forEach(resource::addSupportedProfile);
        }
    }
}
