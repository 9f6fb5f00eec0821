package se.samverkan.gateway.mapping;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The source systems' vaccine codes mapped to ATC (mappings/vaccine-codes.csv). */
public final class VaccineCodes {

    public record Atc(String sourceCode, String code, String display) {
    }

    private final Map<String, Atc> bySource;

    public VaccineCodes() {
        this.bySource = CsvTable.read("mappings/vaccine-codes.csv", 4).stream()
                .map(r -> new Atc(r[0], r[1], r[2]))
                .collect(Collectors.toUnmodifiableMap(Atc::sourceCode, Function.identity()));
    }

    public Optional<Atc> atc(String sourceCode) {
        return Optional.ofNullable(bySource.get(sourceCode));
    }
}
