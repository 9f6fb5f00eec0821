package se.samverkan.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.support.Databases;
import se.samverkan.gateway.support.TestIds;

/** The registry's storage promises, on H2 (embedded default) and on a real PostgreSQL server. */
class ResourceStoreTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("H2", Databases.h2("store-test")),
                Arguments.of("PostgreSQL", Databases.postgres()));
    }

    static ResourceStore store(DataSource ds) {
        return new ResourceStore(JdbcClient.create(ds), FHIR, Clock.systemUTC());
    }

    static Consent consent(String child, String recipientSystem, String recipient) {
        Consent c = new Consent();
        c.setStatus(Consent.ConsentState.ACTIVE);
        c.setPatient(new Reference().setIdentifier(new Identifier().setSystem(Systems.PERSONNUMMER).setValue(child)));
        c.getProvision().setType(Consent.ConsentProvisionType.PERMIT)
                .addProvision().addActor()
                .setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                        "IRCP", null)))
                .setReference(new Reference().setIdentifier(new Identifier().setSystem(recipientSystem).setValue(recipient)));
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void everyUpdateIsANewVersionAndEveryVersionStaysReadable(String name, DataSource ds) {
        ResourceStore store = store(ds);
        String child = TestIds.pnr(LocalDate.of(2019, 9, 1), 951);
        Consent created = store.create(consent(child, Systems.SKOLENHETSKOD, "10000001"),
                Indexes.of(consent(child, Systems.SKOLENHETSKOD, "10000001")));
        String id = created.getIdElement().getIdPart();
        Consent changed = consent(child, Systems.SKOLENHETSKOD, "10000001");
        changed.setStatus(Consent.ConsentState.INACTIVE);

        store.update(id, changed, Indexes.of(changed));

        assertThat(store.read("Consent", id)).get().extracting(StoredResource::version).isEqualTo(2);
        assertThat(store.read("Consent", id, 1)).get().extracting(StoredResource::body).asString()
                .contains("\"active\"");
        assertThat(store.history("Consent", id)).extracting(StoredResource::version).containsExactly(2, 1);
        assertThat(store.search("Consent", child, "inactive", null)).hasSize(1);
        assertThat(store.search("Consent", child, "active", null)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRecipientIsFoundInNestedProvisionsUnderEitherHsaOid(String name, DataSource ds) {
        ResourceStore store = store(ds);
        String child = TestIds.pnr(LocalDate.of(2019, 9, 2), 952);
        Consent rivta = consent(child, Systems.HSA_ID_RIVTA, "SE2321000016-BUP1");
        store.create(rivta, Indexes.of(rivta));

        List<StoredResource> found = store.search("Consent", child, null, Systems.HSA_ID + "|SE2321000016-BUP1");

        assertThat(found).hasSize(1);
        assertThat(store.search("Consent", child, null, Systems.HSA_ID + "|SE2321000016-BUP")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void writingTheSameContentAgainIsNoNewVersion(String name, DataSource ds) {
        ResourceStore store = store(ds);
        RegistryWriter writer = new RegistryWriter(store, FHIR);
        String child = TestIds.pnr(LocalDate.of(2019, 9, 3), 953);
        String id = "bhv-" + child.hashCode();

        writer.upsert(id, consent(child, Systems.SKOLENHETSKOD, "10000002"), "urn:test:batch");
        writer.upsert(id, consent(child, Systems.SKOLENHETSKOD, "10000002"), "urn:test:batch");
        writer.upsert(id, consent(child, Systems.SKOLENHETSKOD, "10000003"), "urn:test:batch");

        assertThat(store.history("Consent", id)).hasSize(2);
        JdbcConsentRegistry registry = new JdbcConsentRegistry(store, FHIR);
        assertThat(registry.consentsFor(PersonalIdentityNumber.parse(child))).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aBatchDoesNotOverwriteWhatWasChangedThroughTheFhirFace(String name, DataSource ds) {
        ResourceStore store = store(ds);
        RegistryWriter writer = new RegistryWriter(store, FHIR);
        String child = TestIds.pnr(LocalDate.of(2019, 9, 4), 954);
        String id = "bhv-" + child.hashCode();
        writer.upsert(id, consent(child, Systems.SKOLENHETSKOD, "10000002"), "urn:test:batch");
        Consent withdrawn = consent(child, Systems.SKOLENHETSKOD, "10000002");
        withdrawn.setStatus(Consent.ConsentState.INACTIVE);
        withdrawn.getMeta().setSource("urn:samverkan:fhir-face");
        store.update(id, withdrawn, Indexes.of(withdrawn));

        writer.upsert(id, consent(child, Systems.SKOLENHETSKOD, "10000002"), "urn:test:batch");

        assertThat(store.search("Consent", child, "inactive", null)).hasSize(1);
        assertThat(store.history("Consent", id)).hasSize(2);
    }
}
