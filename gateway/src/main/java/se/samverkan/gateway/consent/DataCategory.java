package se.samverkan.gateway.consent;

import java.util.Arrays;
import java.util.Optional;

/** The data categories consents are given for (rules C2, C11), as DOMAIN.md lists them. */
public enum DataCategory {
    IMMUNIZATION("immunization"),
    GROWTH("growth"),
    HEARING("hearing"),
    VISION("vision"),
    DEVELOPMENT("development"),
    SUMMARY("summary"),
    MEDICAL("medical"),
    PSYCHOLOGICAL("psychological"),
    PSYCHOSOCIAL("psychosocial"),
    SPECIAL_EDUCATION("special-education"),
    SOCIAL_SERVICES("social-services");

    private final String code;

    DataCategory(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<DataCategory> fromCode(String code) {
        return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
    }
}
