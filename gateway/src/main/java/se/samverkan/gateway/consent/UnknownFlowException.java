package se.samverkan.gateway.consent;

/**
 * A decision was asked for a flow the catalogue does not have. A caller's error, never a permit: the FHIR
 * face answers it with 400.
 */
public class UnknownFlowException extends IllegalArgumentException {

    public static final String CODE = "GW-2120";

    private final String flow;

    UnknownFlowException(String flow) {
        super(CODE + " unknown flow '" + printable(flow) + "': not in gateway.flows.catalogue");
        this.flow = flow;
    }

    /** The id as given, unless it could be anything but a flow id (such as a misplaced identity number). */
    private static String printable(String flow) {
        return flow.matches("[A-Za-z][A-Za-z0-9._-]{0,31}") ? flow : "(not a flow id)";
    }

    public String flow() {
        return flow;
    }

    public String code() {
        return CODE;
    }
}
