package se.samverkan.gateway.routing;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The sectors a participant belongs to; flows.yml names them as the senders a flow allows. */
public enum ParticipantKind {
    /** child health care (barnhälsovård) */
    BHV,
    /** child and adolescent psychiatry */
    BUP,
    /** a school principal: its elevhälsa (EMI) system */
    SCHOOL_PRINCIPAL,
    /** a municipality's social services (intake unit) */
    SOCIAL_SERVICES;

    /** The name as written in configuration: {@code school-principal}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ParticipantKind of(String code) {
        for (ParticipantKind kind : values()) {
            if (kind.code().equalsIgnoreCase(code.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("'" + code + "' is not a participant kind (" + codes() + ")");
    }

    public static String codes() {
        return Arrays.stream(values()).map(ParticipantKind::code).collect(Collectors.joining(", "));
    }
}
