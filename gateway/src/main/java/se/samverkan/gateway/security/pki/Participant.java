package se.samverkan.gateway.security.pki;

import java.util.List;
import java.util.Objects;

/**
 * A system that gets a client certificate: {@code name} is the keystore's file name (without
 * {@code .p12}) and its alias, {@code identifier} goes into the subject serialNumber, where SITHS puts
 * the HSA-id. Every default is an HSA-id, also the school's: school health care (EMI) keeps a patient
 * record under Patientdatalagen, so the principal is a care provider in HSA and its EMI system gets a
 * SITHS function certificate like any other participant.
 */
public record Participant(String name, String organisation, String system, String identifier) {

    /** The sample participants of the development PKI, one per sector. */
    public static final List<Participant> DEFAULTS = List.of(
            new Participant("bhv", "Region Exempel", "BVC Exempelstaden BHV journal", "SE2321000016-BHV1"),
            new Participant("school", "Exempelstads kommun", "Elevhälsans journal (EMI)", "SE2120000001-SKOLA1"),
            new Participant("bup", "Region Exempel", "BUP Exempelstaden journal", "SE2321000016-BUP1"),
            new Participant("social-services", "Grannby kommun", "Socialtjänstens mottagningsenhet",
                    "SE2120000142-SOC1"));

    public Participant {
        Objects.requireNonNull(organisation, "organisation");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(identifier, "identifier");
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
            // the name becomes a file name next to the CA files: no paths, no clashes with upper case
            throw new IllegalArgumentException("participant name must be lower-case letters, digits and '-': " + name);
        }
    }
}
