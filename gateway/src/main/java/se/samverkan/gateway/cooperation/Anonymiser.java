package se.samverkan.gateway.cooperation;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Communication.CommunicationPayloadComponent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.validation.CodeDisplays;
import se.samverkan.gateway.identity.PersonalIdentityNumber;

/**
 * Turns an identified consultation (flow F6) into one that may go without consent (rule C7), conforming to
 * samverkan-anonymous-consultation. It builds a new Communication from an allow-list and never changes its
 * input: flow F6, status, the day it was sent, sender and recipients as Organizations by identifier, the
 * payload text the source marked de-identified, and the child reduced to gender and birth year (a contained
 * Patient "child"). Everything else is left behind. What it builds is checked with {@link IdentifyingContent};
 * anything still found there (an identity number inside text marked de-identified) refuses the consultation.
 *
 * <p>Thread-safe: no state but the optional key.
 */
public final class Anonymiser {

    public static final String PROFILE = se.samverkan.gateway.fhir.Profiles.ANONYMOUS_CONSULTATION;
    static final String CHILD_ID = "child";

    private final SecretKeySpec idKey;
    private final IdentifyingContent identifying = new IdentifyingContent();

    /** Each anonymised consultation gets a random id. */
    public Anonymiser() {
        this.idKey = null;
    }

    /**
     * The id is a keyed hash (HMAC-SHA256) of the source's record id, so a resent record gets the same id (the
     * delivery stays idempotent) while nobody without the key can tie the id to the record. A consultation
     * without a record id gets a random one.
     */
    public Anonymiser(byte[] idKey) {
        if (idKey == null || idKey.length < 16) {
            throw new IllegalArgumentException("the id key must be at least 16 bytes");
        }
        this.idKey = new SecretKeySpec(Arrays.copyOf(idKey, idKey.length), "HmacSHA256");
    }

    /**
     * A new, anonymised Communication. Refuses (IllegalArgumentException, the message naming places, never
     * values) a Communication that is not flow F6, a sender or recipient that is not an Organization by
     * identifier, a result with nothing to send, or one in which identifying content would remain.
     */
    public Communication anonymise(Communication identified) {
        if (!isConsultation(identified)) {
            throw new IllegalArgumentException("only a consultation (flow F6) is anonymised; category has no flow F6");
        }
        Communication out = new Communication();
        out.setId(freshId(identified));
        out.getMeta().addProfile(PROFILE);
        if (identified.hasStatus()) {
            out.setStatus(identified.getStatus());
        }
        out.addCategory().addCoding(CodeDisplays.coding(Systems.FLOW, "F6"));
        if (identified.hasSent() && identified.getSentElement().getValue() != null) {
            out.setSentElement(day(identified.getSentElement()));
        }
        if (identified.hasSender()) {
            out.setSender(organisation(identified.getSender(), "Communication.sender"));
        }
        for (int i = 0; i < identified.getRecipient().size(); i++) {
            out.addRecipient(organisation(identified.getRecipient().get(i), "Communication.recipient[" + i + "]"));
        }
        for (CommunicationPayloadComponent payload : identified.getPayload()) {
            // the marker goes on the payload, next to data-category, as the contract places payload extensions
            deIdentifiedText(payload).ifPresent(text -> out.addPayload().setContent(new StringType(text))
                    .addExtension(Systems.DE_IDENTIFIED_EXT, new BooleanType(true)));
        }
        Optional<Patient> child = ChildFacts.of(identified).map(ChildFacts::anonymous);
        child.ifPresent(c -> {
            out.addContained(c);
            out.addPayload().setContent(new Reference(IdentifyingContent.CHILD_REFERENCE));
        });
        if (!out.hasPayload()) {
            throw new IllegalArgumentException(
                    "nothing to send anonymised: no payload text is marked de-identified and no child is described");
        }
        List<IdentifyingContent.Finding> left = identifying.find(out);
        if (!left.isEmpty()) {
            throw new IllegalArgumentException("cannot be anonymised, identifying content would remain at " + left);
        }
        return out;
    }

    static boolean isConsultation(Communication c) {
        return c.getCategory().stream().flatMap(cc -> cc.getCoding().stream())
                .anyMatch(coding -> Systems.FLOW.equals(coding.getSystem()) && "F6".equals(coding.getCode()));
    }

    /** The day only: the exact time could tie the question to the sender's identified messages of that moment. */
    private static DateTimeType day(DateTimeType sent) {
        if (sent.getPrecision().compareTo(TemporalPrecisionEnum.DAY) <= 0) {
            return new DateTimeType(sent.getValueAsString());
        }
        // the date as the source wrote it, in its own offset
        return new DateTimeType(sent.getValueAsString().substring(0, 10));
    }

    private static Reference organisation(Reference ref, String path) {
        boolean organisation = "Organization".equals(ref.getType())
                || (!ref.hasType() && ref.hasReference() && ref.getReference().startsWith("Organization/"));
        Identifier id = ref.getIdentifier();
        if (!organisation || !id.hasValue() || Systems.isIdentitySystem(id.getSystem())) {
            throw new IllegalArgumentException(path + " is not an Organization named by identifier");
        }
        String system = Systems.HSA_ID_RIVTA.equals(id.getSystem()) ? Systems.HSA_ID : id.getSystem();
        Reference out = new Reference().setType("Organization")
                .setIdentifier(new Identifier().setSystem(system).setValue(id.getValue()));
        // an organisation's name is not personal data, and tells the recipient who asks
        if (ref.hasDisplay()) {
            out.setDisplay(ref.getDisplay());
        }
        return out;
    }

    /** The text, when the source marked it de-identified (on the payload, or on the string itself). */
    private static Optional<String> deIdentifiedText(CommunicationPayloadComponent payload) {
        if (!(payload.getContent() instanceof StringType text) || !text.hasValue()
                || !(IdentifyingContent.marksDeIdentified(payload) || IdentifyingContent.marksDeIdentified(text))) {
            return Optional.empty();
        }
        return Optional.of(text.getValue());
    }

    private String freshId(Communication identified) {
        Optional<String> recordId = identified.getIdentifier().stream()
                .filter(i -> Systems.RECORD_ID.equals(i.getSystem()) && i.hasValue()).map(Identifier::getValue).findFirst();
        if (idKey == null || recordId.isEmpty()) {
            return UUID.randomUUID().toString();
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(idKey);
            byte[] h = mac.doFinal(("anonymous-consultation/" + recordId.get()).getBytes(StandardCharsets.UTF_8));
            h[6] = (byte) ((h[6] & 0x0f) | 0x80); // UUID version 8: custom
            h[8] = (byte) ((h[8] & 0x3f) | 0x80); // IETF variant
            ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
            return new UUID(b.getLong(), b.getLong()).toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** What may be said of the child: gender and birth year, from its Patient or else its identity number. */
    private record ChildFacts(String gender, Integer birthYear) {

        static Optional<ChildFacts> of(Communication c) {
            Optional<Patient> patient = containedChild(c);
            Optional<PersonalIdentityNumber> number = identityNumber(c, patient);
            if (patient.isEmpty() && number.isEmpty()) {
                return Optional.empty();
            }
            String gender = patient.filter(Patient::hasGender).map(p -> p.getGender().toCode())
                    .orElse(number.map(PersonalIdentityNumber::administrativeGender).orElse(null));
            Integer year = patient.filter(Patient::hasBirthDate).map(p -> p.getBirthDateElement().getYear())
                    .orElse(number.map(n -> n.birthDate().getYear()).orElse(null));
            return Optional.of(new ChildFacts(gender, year));
        }

        Patient anonymous() {
            Patient p = new Patient();
            p.setId(CHILD_ID);
            if (gender != null) {
                p.setGender(AdministrativeGender.fromCode(gender));
            }
            if (birthYear != null) {
                p.setBirthDateElement(new DateType(String.format("%04d", birthYear)));
            }
            return p;
        }

        /** The Patient the subject points to among the contained, else the one called "child". */
        private static Optional<Patient> containedChild(Communication c) {
            String wanted = c.getSubject().hasReference() && c.getSubject().getReference().startsWith("#")
                    ? c.getSubject().getReference().substring(1) : CHILD_ID;
            return c.getContained().stream().filter(r -> r instanceof Patient && wanted.equals(localId(r)))
                    .map(Patient.class::cast).findFirst();
        }

        private static Optional<PersonalIdentityNumber> identityNumber(Communication c, Optional<Patient> patient) {
            List<Identifier> candidates = new ArrayList<>();
            patient.ifPresent(p -> candidates.addAll(p.getIdentifier()));
            if (c.getSubject().hasIdentifier()) {
                candidates.add(c.getSubject().getIdentifier());
            }
            return candidates.stream().filter(i -> Systems.isIdentitySystem(i.getSystem()))
                    .map(i -> PersonalIdentityNumber.tryParse(i.getValue())).flatMap(Optional::stream).findFirst();
        }

        private static String localId(Resource r) {
            String id = r.getIdElement().getValue();
            return id != null && id.startsWith("#") ? id.substring(1) : id;
        }
    }
}
