package se.samverkan.gateway.consent;

import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import se.samverkan.gateway.fhir.Systems;
import se.samverkan.gateway.mapping.DataCategoryTable;

/**
 * Which data categories a code in provision.class or provision.code stands for: the project's own
 * data-category codes, FHIR resource types (through mappings/data-categories.csv), or a code the table
 * names (LOINC 8302-2: growth). Anything else stands for no category the gateway knows.
 */
final class CategoryCodes {

    static final Set<String> RESOURCE_TYPES = Set.of("http://hl7.org/fhir/resource-types",
            "http://hl7.org/fhir/fhir-types");

    private final DataCategoryTable table;

    CategoryCodes(DataCategoryTable table) {
        this.table = table;
    }

    /** The categories the coding names; empty when it names none the gateway knows. */
    Set<DataCategory> of(Coding coding) {
        if (!coding.hasSystem() || !coding.hasCode()) {
            return Set.of();
        }
        String system = coding.getSystem();
        String code = coding.getCode();
        if (Systems.DATA_CATEGORY.equals(system)) {
            return DataCategory.fromCode(code).map(Set::of).orElse(Set.of());
        }
        if (RESOURCE_TYPES.contains(system)) {
            return table.categoriesOfType(code);
        }
        return table.categoryOfCode(system, code).map(Set::of).orElse(Set.of());
    }
}
