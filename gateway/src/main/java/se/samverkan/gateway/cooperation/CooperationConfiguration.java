package se.samverkan.gateway.cooperation;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import org.apache.camel.CamelContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.gateway.consent.ConsentGate;
import se.samverkan.gateway.consent.FlowCatalogue;
import se.samverkan.gateway.delivery.Outbox;
import se.samverkan.gateway.identity.Pseudonymizer;
import se.samverkan.gateway.routing.ParticipantRegistry;
import se.samverkan.gateway.security.signature.PayloadSigner;
import se.samverkan.gateway.validation.ProfileValidator;

/** Flows F2-F7: reading, deciding per recipient, routing, and the FHIR face's Communication and CarePlan. */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.context.properties.EnableConfigurationProperties(NoticeProperties.class)
class CooperationConfiguration {

    @Bean
    Notices notices(NoticeProperties properties, ConsentGate gate, se.samverkan.gateway.consent.ConsentRegistry registry,
                    ConcernFlags flags, Outbox outbox, PayloadSigner signer, Pseudonymizer pseudonyms, FhirContext fhir,
                    Clock clock) {
        return new Notices(properties, gate, registry, flags, outbox, signer, pseudonyms, fhir, clock);
    }

    @Bean
    ConsentEndedNotices consentEndedNotices(Notices notices, PlatformTransactionManager transactions) {
        return new ConsentEndedNotices(notices, new TransactionTemplate(transactions));
    }

    @Bean
    IdentifyingContent identifyingContent() {
        return new IdentifyingContent();
    }

    @Bean
    SubmissionReader submissionReader(FhirContext fhir, IdentifyingContent identifying) {
        return new SubmissionReader(fhir, identifying);
    }

    @Bean
    CooperationService cooperationService(ParticipantRegistry registry, ConsentGate gate, FhirContext fhir,
                                          ProfileValidator validator, PayloadSigner signer, Outbox outbox,
                                          ConcernFlags flags, SipPlans plans, Pseudonymizer pseudonyms, Clock clock,
                                          Notices notices,
                                          @org.springframework.beans.factory.annotation.Value(
                                                  "${gateway.privacy.pseudonym-key}") String pseudonymKey) {
        // keyed: a record sent again keeps its anonymous id (and its delivery id), yet nothing links it back
        Anonymiser anonymiser = new Anonymiser(SubmissionReader.digest("anonymiser|" + pseudonymKey)
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return new CooperationService(registry, gate, new Payloads(fhir, anonymiser), validator, signer, outbox,
                flags, plans, pseudonyms, clock, notices);
    }

    @Bean
    CooperationFace cooperationFace(SubmissionReader reader, CooperationService service, CamelContext camel,
                                    Outbox outbox, ParticipantRegistry registry, FlowCatalogue flows,
                                    PlatformTransactionManager transactions,
                                    se.samverkan.gateway.delivery.OutboxProperties outboxProperties, SipPlans plans) {
        ImmediateDelivery immediate = new ImmediateDelivery(camel.createProducerTemplate(), outbox,
                outboxProperties.timeout().plusSeconds(1));
        return new CooperationFace(reader, service, immediate,
                registry, flows, new TransactionTemplate(transactions), plans);
    }

    @Bean
    RoutingProvider<org.hl7.fhir.r4.model.Communication> communicationProvider(CooperationFace face, FhirContext fhir,
                                                                               ProfileValidator validator) {
        return new RoutingProvider<>(org.hl7.fhir.r4.model.Communication.class, face, fhir, validator);
    }

    @Bean
    RoutingProvider<org.hl7.fhir.r4.model.CarePlan> carePlanProvider(CooperationFace face, FhirContext fhir,
                                                                     ProfileValidator validator) {
        return new RoutingProvider<>(org.hl7.fhir.r4.model.CarePlan.class, face, fhir, validator);
    }

    @Bean
    ConcernFlagOperation concernFlagOperation(ConcernFlags flags, ParticipantRegistry registry) {
        return new ConcernFlagOperation(flags, registry);
    }

    @Bean
    CooperationTransaction cooperationTransaction(CooperationFace face) {
        return new CooperationTransaction(face);
    }
}
