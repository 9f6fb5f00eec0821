package se.samverkan.gateway.access;

import ca.uhn.fhir.context.FhirContext;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;
import se.samverkan.gateway.registry.ResourceStore;

/**
 * A child's whole audit trail (C13: "who received my data"), as operators and the data protection officer pull it
 * for a family: every decision, delivery, read and write about the child, oldest first, each with who did what,
 * for whom, under which consent or legal basis.
 */
@Component
public class ChildTrail {

    /** One line of the trail. */
    public record Entry(String recorded, String event, String flow, String outcome, String by, String to,
                        String rules, String legalBasis, List<String> consents, String detail) {
    }

    private final ResourceStore store;
    private final FhirContext fhir;

    ChildTrail(ResourceStore store, FhirContext fhir) {
        this.store = store;
        this.fhir = fhir;
    }

    public List<Entry> of(String child) {
        return store.search("AuditEvent", child, null, null).stream()
                .map(stored -> stored.parse(fhir.newJsonParser(), AuditEvent.class))
                .sorted(Comparator.comparing(AuditEvent::getRecorded))
                .map(ChildTrail::entry).toList();
    }

    private static Entry entry(AuditEvent event) {
        String subtype = event.getSubtype().stream().map(Coding::getCode).collect(Collectors.joining(","));
        boolean rest = "rest".equals(event.getType().getCode());
        String what = rest ? subtype : event.getType().getDisplay();
        String flow = rest ? null : subtype;
        String by = null;
        String to = null;
        for (AuditEvent.AuditEventAgentComponent agent : event.getAgent()) {
            String role = agent.getType().getCodingFirstRep().getCode();
            String who = agent.getWho().hasIdentifier() ? agent.getWho().getIdentifier().getValue()
                    : agent.getWho().getDisplay();
            if ("IRCP".equals(role) && !rest) {
                to = who;
            } else if (by == null || agent.getRequestor()) {
                by = who;
            }
        }
        if (rest && "IRCP".equals(event.getAgentFirstRep().getType().getCodingFirstRep().getCode())) {
            to = by;
        }
        String rules = null;
        String legalBasis = null;
        for (AuditEvent.AuditEventEntityDetailComponent detail : event.getEntityFirstRep().getDetail()) {
            String value = detail.getValue() instanceof StringType s ? s.getValue() : null;
            if ("rules".equals(detail.getType())) {
                rules = value;
            } else if ("legal-basis".equals(detail.getType())) {
                legalBasis = value;
            }
        }
        List<String> consents = event.getEntity().stream().map(e -> e.getWhat().getReference())
                .filter(ref -> ref != null && ref.startsWith("Consent/")).toList();
        return new Entry(event.getRecordedElement().getValueAsString(), what, flow,
                event.getOutcome() == null ? null : event.getOutcome().getDisplay(), by, to, rules, legalBasis,
                consents, event.getOutcomeDesc());
    }

    /** The trail as a page a person reads (Swedish and English headings), every value escaped. */
    public static String html(List<Entry> entries) {
        StringBuilder page = new StringBuilder("""
                <!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">
                <title>Registerutdrag: vem har tagit del av barnets uppgifter / Audit extract</title>
                <style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;\
                padding:4px;vertical-align:top}</style></head><body>
                <h1>Registerutdrag / Audit extract</h1>
                <p>Varje beslut, överföring, läsning och ändring som rör barnet / every decision, delivery, read and \
                change concerning the child (C13).</p>
                <table><tr><th>Tid / Time</th><th>Händelse / Event</th><th>Flöde / Flow</th><th>Av / By</th>\
                <th>Till / To</th><th>Utfall / Outcome</th><th>Regler / Rules</th><th>Rättslig grund / Legal basis\
                </th><th>Samtycken / Consents</th><th>Beskrivning / Detail</th></tr>
                """);
        for (Entry e : entries) {
            page.append("<tr>");
            for (String cell : new String[] {e.recorded(), e.event(), e.flow(), e.by(), e.to(), e.outcome(), e.rules(),
                    e.legalBasis(), String.join(", ", e.consents()), e.detail()}) {
                page.append("<td>").append(escape(cell)).append("</td>");
            }
            page.append("</tr>\n");
        }
        return page.append("</table><p>").append(entries.size()).append(" händelser / events</p></body></html>")
                .toString();
    }

    private static String escape(String value) {
        if (value == null) {
            return "";
        }
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

}
