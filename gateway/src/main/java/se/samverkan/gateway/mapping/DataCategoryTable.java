package se.samverkan.gateway.mapping;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import se.samverkan.gateway.consent.DataCategory;

/**
 * Which data category a FHIR resource belongs to (mappings/data-categories.csv), so that data
 * minimisation (C11) can strip what a consent does not cover from any payload, whatever its flow.
 */
public final class DataCategoryTable {

    private record Row(DataCategory category, String resourceType, String system, String code) {
    }

    private final List<Row> rows;
    // indexes for consent provisions that name resource types or codes (read per decision, built once)
    private final Map<String, Set<DataCategory>> byType = new HashMap<>();
    private final Map<String, DataCategory> byCode = new HashMap<>();

    public DataCategoryTable() {
        this.rows = CsvTable.read("mappings/data-categories.csv", 5).stream()
                .map(r -> new Row(DataCategory.fromCode(r[0]).orElseThrow(
                        () -> new IllegalStateException("unknown data category in table: " + r[0])),
                        r[1], r[2], r[3]))
                .toList();
        for (Row row : rows) {
            byType.computeIfAbsent(row.resourceType, t -> EnumSet.noneOf(DataCategory.class)).add(row.category);
            if (!row.code.isEmpty()) {
                byCode.put(row.system + "|" + row.code, row.category);
            }
        }
        byType.replaceAll((type, categories) -> Collections.unmodifiableSet(categories));
    }

    /** The resource's category, or empty for administrative resources that travel with every transfer. */
    public Optional<DataCategory> categoryOf(Resource resource) {
        String type = resource.fhirType();
        CodeableConcept code = resource instanceof Observation o ? o.getCode()
                : resource instanceof DocumentReference d ? d.getType() : null;
        return rows.stream()
                .filter(r -> r.resourceType.equals(type))
                .filter(r -> r.code.isEmpty() || (code != null && code.hasCoding(r.system, r.code)))
                .map(Row::category)
                .findFirst();
    }

    /**
     * Every category whose data is carried in resources of this type (Observation: growth, hearing,
     * vision), or none for a type that carries no category.
     */
    public Set<DataCategory> categoriesOfType(String resourceType) {
        return byType.getOrDefault(resourceType, Set.of());
    }

    /** The category a code marks (LOINC 8302-2: growth), if the table names that code. */
    public Optional<DataCategory> categoryOfCode(String system, String code) {
        return Optional.ofNullable(byCode.get(system + "|" + code));
    }
}
