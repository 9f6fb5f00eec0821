package se.samverkan.gateway.consent;

import static se.samverkan.gateway.consent.DataCategory.DEVELOPMENT;
import static se.samverkan.gateway.consent.DataCategory.GROWTH;
import static se.samverkan.gateway.consent.DataCategory.HEARING;
import static se.samverkan.gateway.consent.DataCategory.IMMUNIZATION;
import static se.samverkan.gateway.consent.DataCategory.VISION;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import se.samverkan.gateway.identity.PersonalIdentityNumber;
import se.samverkan.gateway.routing.ParticipantRegistry;
import se.samverkan.gateway.routing.RoutingProperties;
import se.samverkan.gateway.support.TestIds;

/** The made-up people and organisations of the consent tests, and the moment of decision. */
final class TestWorld {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    static final Instant NOW = TestConsents.noon(TODAY);

    static final PersonalIdentityNumber CHILD = TestIds.id(LocalDate.of(2016, 5, 17), 903);
    static final PersonalIdentityNumber MOTHER = TestIds.id(LocalDate.of(1984, 2, 9), 922);
    static final PersonalIdentityNumber FATHER = TestIds.id(LocalDate.of(1986, 10, 30), 931);
    static final PersonalIdentityNumber STEPFATHER = TestIds.id(LocalDate.of(1980, 7, 1), 957);
    static final PersonalIdentityNumber ADULT_TODAY = TestIds.id(LocalDate.of(2008, 11, 23), 913);
    static final PersonalIdentityNumber ADULT_TOMORROW = TestIds.id(LocalDate.of(2008, 11, 24), 915);
    static final PersonalIdentityNumber ADULT_SAMORDNING = PersonalIdentityNumber.parse(
            TestIds.samordningsnummer(LocalDate.of(2005, 4, 2), 937));
    static final PersonalIdentityNumber TEEN = TestIds.id(LocalDate.of(2011, 1, 15), 948);

    static final OrganisationId BHV = OrganisationId.hsaId("SE2321000016-BHV1");
    static final OrganisationId BUP = OrganisationId.hsaId("SE2321000016-BUP1");
    static final OrganisationId SCHOOL = OrganisationId.skolenhetskod("10000001");
    static final OrganisationId OTHER_SCHOOL = OrganisationId.skolenhetskod("10000002");
    static final OrganisationId SOCIAL_INTAKE = OrganisationId.kommunkod("0180");
    /** The principal that runs SCHOOL and OTHER_SCHOOL, by its HSA-id. */
    static final OrganisationId PRINCIPAL = OrganisationId.hsaId("SE2120000001-SKOLA1");
    /** The intake unit serving SOCIAL_INTAKE's municipality, by HSA-id and by organisationsnummer. */
    static final OrganisationId SOCIAL = OrganisationId.hsaId("SE2120000142-SOC1");
    static final OrganisationId SOCIAL_ORGNR = OrganisationId.organisationsnummer("2120000142");
    /** BUP's organisationsnummer, beside its HSA-id. */
    static final OrganisationId BUP_ORGNR = OrganisationId.organisationsnummer("2321000016");
    /** An HSA-id the registry does not know. */
    static final OrganisationId STRANGER = OrganisationId.hsaId("SE9999999999-NOONE");

    /** The participants of the tests, as the quick start registers them. */
    static final ParticipantRegistry PARTICIPANTS = new ParticipantRegistry(new RoutingProperties(
            Map.of(SCHOOL.value(), new RoutingProperties.School("Solrosskolan (test)", "mock:emi"),
                    OTHER_SCHOOL.value(), new RoutingProperties.School("Ekbackens skola (test)", "mock:emi2")),
            Map.of(BHV.value(), new RoutingProperties.Organisation("BVC (test)", "bhv", "mock:bhv", null, null),
                    BUP.value(), new RoutingProperties.Organisation("BUP (test)", "bup", "mock:bup", null, null,
                            BUP_ORGNR.value(), null),
                    PRINCIPAL.value(), new RoutingProperties.Organisation("Elevhälsan (test)", "school-principal",
                            null, null, List.of(SCHOOL.value(), OTHER_SCHOOL.value())),
                    SOCIAL.value(), new RoutingProperties.Organisation("Mottagningen (test)", "social-services",
                            "mock:soc", SOCIAL_INTAKE.value(), null, SOCIAL_ORGNR.value(), null))));

    static final Set<DataCategory> ALL_F1 = EnumSet.of(IMMUNIZATION, GROWTH, HEARING, VISION, DEVELOPMENT);

    private TestWorld() {
    }
}
