package se.samverkan.gateway.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import se.samverkan.gateway.identity.PersonalIdentityNumber;

/**
 * Decides from the consents and custody that arrive with a batch record (rules C1-C5, C10, C11), for flow
 * F1 until its consents are read from the {@link ConsentRegistry}. {@link PolicyDecisionPoint} replaces it:
 * asked a {@link DecisionRequest} (which carries no consents) this gate denies.
 */
@Deprecated(forRemoval = true)
public class RecordedConsentGate implements ConsentGate {

    static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
    private static final int AGE_OF_MAJORITY = 18;

    /** What this gate decides from: the request plus the custody and consents the source record states. */
    public record RecordedRequest(
            String flow,
            PersonalIdentityNumber child,
            boolean protectedIdentity,
            String source,
            String recipient,
            Set<DataCategory> requested,
            Instant at,
            List<Guardian> guardians,
            List<RecordedConsent> consents) {
    }

    public record Guardian(PersonalIdentityNumber id, boolean custody) {
    }

    /**
     * A consent as recorded at the source. {@code categories} empty means every category;
     * {@code recipient} null means any recipient of the flow.
     */
    public record RecordedConsent(
            String ref,
            PersonalIdentityNumber givenBy,
            boolean permit,
            LocalDate given,
            Set<DataCategory> categories,
            LocalDate validUntil,
            LocalDate withdrawn,
            String recipient) {
    }

    /** Fails closed: a request without recorded consents has nothing this gate can permit on. */
    @Override
    public Decision decide(DecisionRequest request) {
        return Decision.deny(List.of("C1"), List.of(), "GW-2102",
                "no applicable consent: this gate reads only consents carried by a record");
    }

    public Decision decide(RecordedRequest request) {
        if (request.protectedIdentity()) {
            return Decision.deny(List.of("C10"), List.of(), "GW-2101",
                    "protected personal data: held for manual handling");
        }
        LocalDate today = request.at().atZone(SWEDEN).toLocalDate();
        List<PersonalIdentityNumber> consenters = whoConsents(request, today);
        if (consenters.isEmpty()) {
            return Decision.deny(List.of("C1", "C4"), List.of(), "GW-2104",
                    "no guardian with custody on record, so no one can consent");
        }
        List<RecordedConsent> applicable = request.consents().stream()
                .filter(c -> consenters.contains(c.givenBy()))
                .filter(c -> applies(c, request.recipient(), today))
                .toList();

        Map<PersonalIdentityNumber, Set<DataCategory>> allowedBy = new LinkedHashMap<>();
        List<String> used = new ArrayList<>();
        Set<DataCategory> partlyRefused = EnumSet.noneOf(DataCategory.class);
        for (PersonalIdentityNumber person : consenters) {
            Set<DataCategory> allowed = EnumSet.noneOf(DataCategory.class);
            boolean permitted = false;
            for (RecordedConsent c : applicable) {
                if (!c.givenBy().equals(person)) {
                    continue;
                }
                used.add(c.ref());
                if (!c.permit() && c.categories().isEmpty()) {
                    return Decision.deny(List.of("C3"), List.of(c.ref()), "GW-2103",
                            consenters.size() == 1 && consenters.get(0).equals(request.child())
                                    ? "the student refused consent" : "a guardian with custody refused consent");
                }
                if (c.permit()) {
                    permitted = true;
                    allowed.addAll(c.categories().isEmpty() ? EnumSet.allOf(DataCategory.class) : c.categories());
                }
            }
            for (RecordedConsent c : applicable) {
                if (c.givenBy().equals(person) && !c.permit()) {
                    allowed.removeAll(c.categories());
                    partlyRefused.addAll(c.categories());
                }
            }
            if (permitted) {
                allowedBy.put(person, allowed);
            }
        }
        List<RecordedConsent> lapsed = request.consents().stream()
                .filter(c -> consenters.contains(c.givenBy()) && !allowedBy.containsKey(c.givenBy()) && c.permit())
                .filter(c -> !applies(c, request.recipient(), today))
                .toList();
        if (lapsed.stream().anyMatch(c -> c.withdrawn() != null && !c.withdrawn().isAfter(today))) {
            return Decision.deny(List.of("C1", "C5"), refs(lapsed), "GW-2107", "consent withdrawn");
        }
        if (lapsed.stream().anyMatch(c -> c.validUntil() != null && c.validUntil().isBefore(today))) {
            return Decision.deny(List.of("C1", "C2"), refs(lapsed), "GW-2108", "consent expired");
        }
        if (allowedBy.isEmpty()) {
            return Decision.deny(List.of("C1", "C2"), used, "GW-2102", "no applicable consent on record");
        }
        if (allowedBy.size() < consenters.size()) {
            return Decision.deny(List.of("C1", "C4"), used, "GW-2105", "consent from " + allowedBy.size()
                    + " of " + consenters.size() + " guardians with custody; every one must consent");
        }
        Set<DataCategory> permitted = EnumSet.noneOf(DataCategory.class);
        permitted.addAll(request.requested());
        allowedBy.values().forEach(permitted::retainAll);
        if (permitted.isEmpty() && !request.requested().isEmpty()) {
            return Decision.deny(List.of("C2", "C11"), used, "GW-2106",
                    "the consents cover none of the data categories asked for");
        }
        Set<String> rules = new TreeSet<>(List.of("C2", "C4"));
        if (!partlyRefused.isEmpty()) {
            rules.add("C3");
        }
        if (!permitted.containsAll(request.requested())) {
            rules.add("C11");
        }
        return new Decision(true, permitted, List.copyOf(rules), used, Optional.empty(), Set.of(), "GW-0000",
                "consent on record");
    }

    private static List<String> refs(List<RecordedConsent> consents) {
        return consents.stream().map(RecordedConsent::ref).toList();
    }

    /** C4: a student of 18 or over consents alone; a child under 18 through every guardian with custody. */
    private static List<PersonalIdentityNumber> whoConsents(RecordedRequest request, LocalDate today) {
        if (request.child().ageOn(today) >= AGE_OF_MAJORITY) {
            return List.of(request.child());
        }
        return request.guardians().stream()
                .filter(Guardian::custody)
                .map(Guardian::id)
                .distinct()
                .toList();
    }

    /** C2 and C5: given by today, not withdrawn, not expired, and for this recipient if it names one. */
    private static boolean applies(RecordedConsent c, String recipient, LocalDate today) {
        return !c.given().isAfter(today)
                && (c.withdrawn() == null || c.withdrawn().isAfter(today))
                && (c.validUntil() == null || !c.validUntil().isBefore(today))
                && (c.recipient() == null || c.recipient().equals(recipient));
    }
}
