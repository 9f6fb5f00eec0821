package se.samverkan.gateway.elevhalsa;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import se.samverkan.gateway.elevhalsa.xml.ConsentRecord;
import se.samverkan.gateway.elevhalsa.xml.Consultation;
import se.samverkan.gateway.elevhalsa.xml.ExportRecord;
import se.samverkan.gateway.elevhalsa.xml.Feedback;
import se.samverkan.gateway.elevhalsa.xml.InformationExchange;
import se.samverkan.gateway.elevhalsa.xml.Referral;
import se.samverkan.gateway.elevhalsa.xml.ReportOfConcern;
import se.samverkan.gateway.elevhalsa.xml.SipPlan;

/** The record types of an elevhälsa export: the element that holds each, its class, and its flow. */
public enum RecordKind {

    /** A consent given to the school; its flow is the one the record names. */
    CONSENT("consent", ConsentRecord.class, null),
    REFERRAL("referral", Referral.class, "F2"),
    FEEDBACK("feedback", Feedback.class, "F3"),
    INFORMATION_EXCHANGE("informationExchange", InformationExchange.class, "F4"),
    REPORT_OF_CONCERN("reportOfConcern", ReportOfConcern.class, "F5"),
    CONSULTATION("consultation", Consultation.class, "F6"),
    SIP_PLAN("sipPlan", SipPlan.class, "F7");

    private static final Map<String, RecordKind> BY_ELEMENT = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(RecordKind::element, Function.identity()));

    private final String element;
    private final Class<? extends ExportRecord> type;
    private final String flow;

    RecordKind(String element, Class<? extends ExportRecord> type, String flow) {
        this.element = element;
        this.type = type;
        this.flow = flow;
    }

    /** The element name in the export, which is also how a field path starts. */
    public String element() {
        return element;
    }

    Class<? extends ExportRecord> type() {
        return type;
    }

    /** The flow code (F2-F7) the record is for; a consent's is in the record. */
    public String flow(ExportRecord record) {
        return flow != null ? flow : ((ConsentRecord) record).getFlow().value();
    }

    static Optional<RecordKind> ofElement(String localName) {
        return Optional.ofNullable(BY_ELEMENT.get(localName));
    }
}
