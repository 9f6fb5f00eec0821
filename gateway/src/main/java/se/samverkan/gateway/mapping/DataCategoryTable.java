package se.samverkan.gateway.mapping;

import java.util.List;
import java.util.Optional;
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

    public DataCategoryTable() {
        this.rows = CsvTable.read("mappings/data-categories.csv", 5).stream()
                .map(r -> new Row(DataCategory.fromCode(r[0]).orElseThrow(
                        () -> new IllegalStateException("unknown data category in table: " + r[0])),
                        r[1], r[2], r[3]))
                .toList();
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
}
