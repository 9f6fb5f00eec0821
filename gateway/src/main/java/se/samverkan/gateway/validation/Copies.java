package se.samverkan.gateway.validation;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Property;

/**
 * A deep copy of a resource with, for every element of the original, its counterpart in the copy: invariants are
 * evaluated on the copy, because FHIRPath may change what it evaluates (R4's engine normalises a dateTime it
 * compares to UTC in place, issue 17), and the fast path must never change the resource it vouches for.
 */
final class Copies {

    private Copies() {
    }

    /** Original element to copied element, by identity; empty when the copy's structure differs (never expected). */
    static Map<Base, Base> of(Base original) {
        Base copy = original.copy();
        Map<Base, Base> counterparts = new IdentityHashMap<>();
        return pair(original, copy, counterparts) ? counterparts : Map.of();
    }

    private static boolean pair(Base original, Base copy, Map<Base, Base> out) {
        out.put(original, copy);
        List<Property> mine = original.children();
        List<Property> theirs = copy.children();
        if (mine.size() != theirs.size()) {
            return false;
        }
        for (int i = 0; i < mine.size(); i++) {
            List<Base> a = mine.get(i).getValues();
            List<Base> b = theirs.get(i).getValues();
            if (a.size() != b.size() || !mine.get(i).getName().equals(theirs.get(i).getName())) {
                return false;
            }
            for (int j = 0; j < a.size(); j++) {
                if (a.get(j) != null && (b.get(j) == null || !pair(a.get(j), b.get(j), out))) {
                    return false;
                }
            }
        }
        return true;
    }
}
