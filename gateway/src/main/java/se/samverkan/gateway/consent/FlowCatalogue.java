package se.samverkan.gateway.consent;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import se.samverkan.gateway.routing.ParticipantKind;

/**
 * The configured flows by id, matched without regard to case. flows.yml writes the ids in lower case
 * because an environment override ({@code GATEWAY_FLOWS_CATALOGUE_F1_...}) reaches the map as {@code f1}
 * and would otherwise become a second entry beside {@code F1}.
 * Build it from {@link FlowProperties} (Spring binds them from flows.yml; in plain Java, construct them).
 */
public final class FlowCatalogue {

    private final Map<String, FlowRule> byId = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, Set<ParticipantKind>> senders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    private FlowCatalogue(FlowProperties properties) {
        properties.catalogue().forEach((id, flow) -> {
            Objects.requireNonNull(flow.name(), () -> "gateway.flows.catalogue." + id + ".name is required");
            Objects.requireNonNull(flow.allowedBy(), () -> "gateway.flows.catalogue." + id + ".allowed-by is required");
            if (flow.categories().isEmpty()) {
                throw new IllegalArgumentException("gateway.flows.catalogue." + id + ".categories is empty");
            }
            String canonical = id.toUpperCase(Locale.ROOT);
            if (byId.put(canonical, FlowRule.of(canonical, flow)) != null) {
                throw new IllegalArgumentException("gateway.flows.catalogue: flow " + canonical
                        + " is defined twice (ids are compared without regard to case; write them in lower case"
                        + " so that environment overrides merge with them)");
            }
            senders.put(canonical, flow.senders());
        });
    }

    public static FlowCatalogue of(FlowProperties properties) {
        return new FlowCatalogue(properties);
    }

    /** Flow ids in upper case. */
    public Set<String> ids() {
        return byId.keySet();
    }

    public boolean contains(String id) {
        return id != null && byId.containsKey(id);
    }

    /**
     * Whether a participant of this kind may send the flow through the gateway's interfaces.
     *
     * @throws UnknownFlowException when the catalogue has no such flow
     */
    public boolean allowsSender(String id, ParticipantKind kind) {
        rule(id);
        return senders.get(id).contains(kind);
    }

    /** @throws UnknownFlowException when the catalogue has no such flow */
    FlowRule rule(String id) {
        FlowRule rule = id == null ? null : byId.get(id);
        if (rule == null) {
            throw new UnknownFlowException(String.valueOf(id));
        }
        return rule;
    }
}
