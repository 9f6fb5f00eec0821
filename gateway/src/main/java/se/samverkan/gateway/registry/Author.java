package se.samverkan.gateway.registry;

/**
 * Who wrote a version of a stored resource (DOMAIN.md section 6: every write records its author).
 *
 * @param participant the participant (HSA-id or organisationsnummer) the write was made for; the gateway itself
 *                    for what it records on its own (audit events, a batch's picture of its exporter's registry)
 * @param operator    the operator who acted, for a write made through the admin API on a family's request
 * @param reason      why an operator acted (a guardian's request, say); null otherwise
 */
public record Author(String participant, String operator, String reason) {

    /** The gateway's own writes: the audit trail, and anything no participant asked for. */
    public static final Author GATEWAY = new Author("gateway", null, null);

    public static Author participant(String id) {
        return new Author(id, null, null);
    }

    public static Author operator(String participant, String operator, String reason) {
        return new Author(participant, operator, reason);
    }

    /** The version's {@code meta.source}: the author as a URI, operator first when there is one. */
    public String source() {
        return operator != null ? "urn:samverkan:operator:" + operator.replaceAll("[^A-Za-z0-9._()-]", "_")
                : "urn:samverkan:participant:" + participant;
    }
}
