package se.samverkan.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.samverkan.gateway.consent.OrganisationId;
import se.samverkan.gateway.fhir.Systems;

/** One participant, several identifiers: resolve any of them, compare participants. */
class ParticipantRegistryTest {

    static final ParticipantRegistry REGISTRY = new ParticipantRegistry(new RoutingProperties(
            Map.of("10000001", new RoutingProperties.School("Solrosskolan", "mock:a"),
                    "10000008", new RoutingProperties.School("Fristående", "mock:b")),
            Map.of("SE2321000016-BUP1", new RoutingProperties.Organisation("BUP", "bup", "mock:bup", null, null,
                            "2321000016", null),
                    "2120000142", new RoutingProperties.Organisation("Socialtjänsten", "social-services", "mock:soc",
                            "0180", null, null, "SE2120000142-SOC1"),
                    "SE2120000001-SKOLA1", new RoutingProperties.Organisation("Elevhälsan", "school-principal", null,
                            null, List.of("10000001", "10000002")))));

    @Test
    void anyIdentifierOfAParticipantResolvesToIt() {
        assertThat(REGISTRY.resolve(Systems.HSA_ID, "SE2321000016-BUP1")).map(Participant::id)
                .contains("SE2321000016-BUP1");
        assertThat(REGISTRY.resolve(Systems.HSA_ID_RIVTA, "SE2321000016-BUP1")).map(Participant::id)
                .contains("SE2321000016-BUP1");
        assertThat(REGISTRY.resolve(Systems.ORGANISATIONSNUMMER, "2321000016")).map(Participant::id)
                .contains("SE2321000016-BUP1");
        assertThat(REGISTRY.resolve(Systems.ORGANISATIONSNUMMER, "2120000142")).map(Participant::kind)
                .contains(ParticipantKind.SOCIAL_SERVICES);
        assertThat(REGISTRY.resolve(Systems.HSA_ID, "SE2120000142-SOC1")).map(Participant::id).contains("2120000142");
        assertThat(REGISTRY.resolve(Systems.KOMMUNKOD, "0180")).map(Participant::id).contains("2120000142");
        assertThat(REGISTRY.resolve(Systems.SKOLENHETSKOD, "10000002")).map(Participant::id)
                .contains("SE2120000001-SKOLA1");
        assertThat(REGISTRY.resolve(Systems.SKOLENHETSKOD, "10000008")).map(Participant::id).contains("10000008");
        assertThat(REGISTRY.resolve(Systems.HSA_ID, "SE0000000000-NONE")).isEmpty();
        assertThat(REGISTRY.resolve(null, " ")).isEmpty();
    }

    @Test
    void participantsAreComparedNotIdentifierStrings() {
        assertThat(REGISTRY.sameParticipant(OrganisationId.kommunkod("0180"), OrganisationId.hsaId("SE2120000142-SOC1")))
                .isTrue();
        assertThat(REGISTRY.sameParticipant(OrganisationId.hsaId("SE2120000001-SKOLA1"),
                OrganisationId.skolenhetskod("10000001"))).isTrue();
        assertThat(REGISTRY.sameParticipant(OrganisationId.skolenhetskod("10000002"),
                OrganisationId.skolenhetskod("10000001"))).as("two school units of one principal").isFalse();
        assertThat(REGISTRY.sameParticipant(OrganisationId.hsaId("SE2321000016-BUP1"),
                OrganisationId.skolenhetskod("10000001"))).isFalse();
        assertThat(REGISTRY.sameParticipant(OrganisationId.hsaId("SE0000000000-NONE"),
                OrganisationId.of(Systems.HSA_ID_RIVTA, "SE0000000000-NONE"))).isTrue();
        assertThat(REGISTRY.knows(Systems.KOMMUNKOD, "0180")).isTrue();
    }

    @Test
    void oneIdentifierNamingTwoParticipantsStopsTheStart() {
        assertThatThrownBy(() -> new ParticipantRegistry(new RoutingProperties(Map.of(), Map.of(
                "SE1-A", new RoutingProperties.Organisation("A", "bup", null, null, null, "2321000016", null),
                "SE1-B", new RoutingProperties.Organisation("B", "bhv", null, null, null, "2321000016", null)))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("names two participants");
    }
}
