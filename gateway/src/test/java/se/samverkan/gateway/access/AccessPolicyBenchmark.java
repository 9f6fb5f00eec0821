package se.samverkan.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.consent.TestConsents;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.support.GatewayIntegrationTest;
import se.samverkan.gateway.support.TestIds;

/**
 * What the access policy costs a caller: the answer time of a Consent search and of {@code $consent-decision},
 * over mutual TLS with keep-alive, with the policy's interceptors on and off in the same run (alternating blocks,
 * so that the machine's drift falls on both). Not part of the normal run:
 * {@code ./mvnw -pl gateway -am -Pbench test -Dtest=AccessPolicyBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("bench")
class AccessPolicyBenchmark extends GatewayIntegrationTest {

    static final int WARM_UP = 300;
    static final int BLOCKS = 10;
    static final int PER_BLOCK = 100;

    @Autowired
    ServletRegistrationBean<RestfulServer> fhirServlet;

    @Autowired
    FhirAccess access;

    @Test
    void consentSearchAndDecisionWithThePolicyOnAndOff() {
        OrganisationId bhv = OrganisationId.hsaId(PARTICIPANTS.get("bhv")[0]);
        OrganisationId school = OrganisationId.skolenhetskod(SCHOOLS[0]);
        PersonalIdentityNumber child = TestIds.id(LocalDate.of(2020, 6, 6), 801);
        PersonalIdentityNumber mother = TestIds.id(LocalDate.of(1987, 3, 3), 802);
        PersonalIdentityNumber father = TestIds.id(LocalDate.of(1985, 4, 4), 803);
        IGenericClient asBhv = fhirClient("bhv");
        IGenericClient asSchool = fhirClient("school");
        asBhv.create().resource(TestConsents.guardian(null, child, mother, true)).execute();
        asBhv.create().resource(TestConsents.guardian(null, child, father, true)).execute();
        for (PersonalIdentityNumber guardian : List.of(mother, father)) {
            for (int i = 0; i < 5; i++) {
                Consent consent = TestConsents.permit(null, child, guardian).purpose("F1").from(bhv).to(school).build();
                consent.getPerformer().forEach(p -> p.setType("RelatedPerson"));
                asBhv.create().resource(consent).execute();
            }
        }
        String search = "Consent?patient.identifier=" + Systems.identitySystem(child) + "|" + child.value();
        Parameters question = new Parameters();
        question.addParameter().setName("flow").setValue(new CodeType("F1"));
        question.addParameter().setName("child").setValue(TestConsents.identity(child));
        question.addParameter().setName("source").setValue(new Identifier().setSystem(bhv.system()).setValue(bhv.value()));
        question.addParameter().setName("recipient").setValue(new Identifier().setSystem(school.system())
                .setValue(school.value()));
        Runnable searchCall = () -> assertThat(asSchool.search().byUrl(search).returnBundle(Bundle.class).execute()
                .getEntry()).hasSize(10);
        Runnable decisionCall = () -> asBhv.operation().onServer().named("$consent-decision").withParameters(question)
                .execute();

        for (int i = 0; i < WARM_UP; i++) {
            searchCall.run();
            decisionCall.run();
        }
        List<Long> searchOn = new ArrayList<>();
        List<Long> searchOff = new ArrayList<>();
        List<Long> decisionOn = new ArrayList<>();
        List<Long> decisionOff = new ArrayList<>();
        try {
            for (int block = 0; block < BLOCKS; block++) {
                policy(true);
                time(searchCall, searchOn);
                time(decisionCall, decisionOn);
                policy(false);
                time(searchCall, searchOff);
                time(decisionCall, decisionOff);
            }
        } finally {
            policy(true);
        }
        System.out.println("access policy latency, " + BLOCKS * PER_BLOCK + " calls each, ms (p50 / p99):");
        report("Consent search      policy on ", searchOn);
        report("Consent search      policy off", searchOff);
        report("$consent-decision   policy on ", decisionOn);
        report("$consent-decision   policy off", decisionOff);
    }

    private void policy(boolean on) {
        RestfulServer server = fhirServlet.getServlet();
        for (Object interceptor : access.interceptors()) {
            if (on) {
                server.registerInterceptor(interceptor);
            } else {
                server.unregisterInterceptor(interceptor);
            }
        }
    }

    private static void time(Runnable call, List<Long> into) {
        for (int i = 0; i < PER_BLOCK; i++) {
            long start = System.nanoTime();
            call.run();
            into.add(System.nanoTime() - start);
        }
    }

    private static void report(String what, List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.println(String.format(Locale.ROOT, "  %s  %.2f / %.2f", what, percentile(sorted, 50),
                percentile(sorted, 99)));
    }

    private static double percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
    }
}
