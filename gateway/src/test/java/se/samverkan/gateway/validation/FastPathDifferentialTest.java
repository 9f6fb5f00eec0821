package se.samverkan.gateway.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import ca.uhn.fhir.validation.FhirValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fast path against full validation ({@link ProfileValidator#fullErrors}: the plain FhirInstanceValidator the
 * gateway used alone before, and urn:uuid references resolving in the Bundle): on every Bundle below,
 * {@code errors} must report exactly its errors, so the fast path must never have proven valid a Bundle HAPI finds an error in.
 * The validator learns as it goes, as it does in production, so the later tests run against a fast path
 * that knows the golden and conforming shapes: the point is that it still lets nothing through. (A resource
 * that is not a Bundle never takes the fast path; {@link ProfileConformanceTest} covers the examples alone.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FastPathDifferentialTest {

    static final ProfileValidator VALIDATOR = ValidationFixtures.validator();
    static final java.util.regex.Pattern LOCAL_REFERENCE = java.util.regex.Pattern.compile("\"reference\"\\s*:\\s*\"#");

    record Compared(boolean proven, List<ProfileValidator.Issue> errors) {
    }

    /**
     * errors() through the fast path, compared with HAPI alone. When the fast path did not prove the Bundle,
     * errors() returned HAPI's own list, and a second full validation would only test HAPI.
     */
    static Compared sameAsHapi(Bundle bundle, String what) {
        long provenBefore = VALIDATOR.fastPathCounts().proven();
        List<ProfileValidator.Issue> errors = VALIDATOR.errors(bundle);
        boolean proven = VALIDATOR.fastPathCounts().proven() > provenBefore;
        if (proven) {
            assertThat(errors).as(what + " (proven by the fast path)").isEqualTo(VALIDATOR.fullErrors(bundle));
        }
        return new Compared(proven, errors);
    }

    @Test
    @Order(1)
    void goldenBundlesAreValidForHapiAndThenProvenByTheFastPath() throws Exception {
        for (Path golden : ValidationFixtures.golden()) {
            Bundle bundle = ValidationFixtures.read(golden);
            assertThat(VALIDATOR.errors(bundle)).as(golden + ", learnt from HAPI").isEmpty();
            assertThat(sameAsHapi(bundle, golden.toString()).proven()).as(golden + " proven the second time").isTrue();
        }
    }

    @Test
    @Order(2)
    void conformingExamplesInABundleAreValidForBothAndLearnt() throws Exception {
        int proven = 0;
        for (Path example : ValidationFixtures.examples("pass-")) {
            Bundle bundle = ValidationFixtures.inBundle(example);
            assertThat(VALIDATOR.errors(bundle)).as(example + ", learnt from HAPI").isEmpty();
            Compared again = sameAsHapi(bundle, example.toString());
            assertThat(again.errors()).isEmpty();
            proven += again.proven() ? 1 : 0;
        }
        // those with contained resources or local references always go to HAPI; the others are learnt
        long local = 0;
        for (Path example : ValidationFixtures.examples("pass-")) {
            local += LOCAL_REFERENCE.matcher(java.nio.file.Files.readString(example)).find() ? 1 : 0;
        }
        assertThat(local).as("examples with local references").isLessThan(ValidationFixtures.examples("pass-").size() / 2);
        assertThat(proven).isGreaterThanOrEqualTo(ValidationFixtures.examples("pass-").size() - (int) local);
    }

    @Test
    @Order(3)
    void everyBrokenExampleInABundleGetsHapisErrorsAndTheConstraintItBreaks() throws Exception {
        for (Path example : ValidationFixtures.examples("fail-")) {
            Compared compared = sameAsHapi(ValidationFixtures.inBundle(example), example.toString());
            String expected = ValidationFixtures.expected(example);
            assertThat(compared.errors()).as(example.toString())
                    .anySatisfy(issue -> assertThat(issue.toString()).contains(expected));
        }
    }

    @Test
    @Order(4)
    void childrenOfAGeneratedCohortAreProvenValidAndHapiAgrees() throws Exception {
        List<Bundle> cohort = cohort();
        int proven = 0;
        for (int i = 0; i < cohort.size(); i++) {
            proven += sameAsHapi(cohort.get(i), "generated child " + i).proven() ? 1 : 0;
        }
        assertThat(proven).as("children proven by the fast path").isGreaterThanOrEqualTo(cohort.size() / 2);
    }

    /**
     * The reference the other tests hold the fast path to is HAPI's validator as the gateway configured it
     * before the fast path: built here the old way, it finds the same errors on the golden Bundle and on a
     * broken example of each profile.
     */
    @Test
    @Order(7)
    void theReferenceIsThePlainValidatorAsConfiguredBefore() throws Exception {
        FhirValidator plain = PlainHapi.validator();
        List<Bundle> bundles = new ArrayList<>();
        bundles.add(ValidationFixtures.read(ValidationFixtures.GOLDEN.resolve("full-record/expected.json")));
        java.util.Set<Path> seen = new java.util.HashSet<>();
        for (Path example : ValidationFixtures.examples("fail-")) {
            if (seen.add(example.getParent())) {
                bundles.add(ValidationFixtures.inBundle(example));
            }
        }
        for (Bundle bundle : bundles) {
            assertThat(VALIDATOR.hapiErrors(bundle)).isEqualTo(PlainHapi.errors(plain, bundle));
        }
    }

    /**
     * Where the fast path must stop a changed Bundle, or that it proves it valid: at an unknown shape, at what
     * the walker does not vouch for (a value outside the rules, a fullUrl used twice, an unresolved reference),
     * or at an invariant evaluated on the instance.
     */
    enum Route { PROVEN, NEW_SHAPE, UNSUPPORTED, INVARIANT }

    /** Changes to a known-valid Bundle: some keep its shape and break only a value, some change the shape. */
    @Test
    @Order(5)
    void aChangeHapiRejectsIsNeverProvenValid() throws Exception {
        Path full = ValidationFixtures.GOLDEN.resolve("full-record/expected.json");
        List<Mutation> mutations = List.of(
                new Mutation("consent period ending before it starts (per-1)", true, Route.INVARIANT,
                        b -> consent(b).getProvision().getPeriod().setEndElement(new DateTimeType("2020-01-01"))),
                new Mutation("height in metres (samverkan-growth-1)", true, Route.NEW_SHAPE,
                        b -> quantity(b).setCode("m").setUnit("m")),
                new Mutation("kommunkod of five digits (samverkan-kommun-1)", true, Route.NEW_SHAPE,
                        b -> patient(b).getExtension().get(0).setValue(new Coding(
                                "https://samverkan.example/fhir/NamingSystem/kommunkod", "01800", null))),
                new Mutation("immunizations of a guardian", true, Route.NEW_SHAPE, b -> b.getEntry().stream()
                        .map(Bundle.BundleEntryComponent::getResource).filter(Immunization.class::isInstance)
                        .forEach(r -> ((Immunization) r).getPatient().setResource(null)
                                .setReference(b.getEntry().get(1).getFullUrl()))),
                new Mutation("two entries with one fullUrl", true, Route.UNSUPPORTED,
                        b -> b.getEntry().get(2).setFullUrl(b.getEntry().get(1).getFullUrl())),
                new Mutation("child without a birth date", true, Route.NEW_SHAPE, b -> patient(b).setBirthDateElement(null)),
                new Mutation("effective time without a zone", true, Route.UNSUPPORTED,
                        b -> observation(b).setEffective(new DateTimeType("2022-02-04T10:00:00"))),
                new Mutation("a reference to no entry", true, Route.UNSUPPORTED,
                        b -> consent(b).getPatient().setReference("urn:uuid:00000000-0000-0000-0000-000000000000")),
                new Mutation("birth date in 1700", false, Route.UNSUPPORTED,
                        b -> patient(b).setBirthDateElement(new DateType("1700-02-04"))),
                new Mutation("name with surrounding space", false, Route.UNSUPPORTED,
                        b -> patient(b).getNameFirstRep().setFamily(" Exempelsson")),
                new Mutation("name with a bidi control", false, Route.UNSUPPORTED,
                        b -> patient(b).getNameFirstRep().setFamily("Exempel\u202Esson")),
                new Mutation("name with markup", false, Route.UNSUPPORTED,
                        b -> patient(b).getNameFirstRep().setFamily("<b>Exempelsson</b>")),
                new Mutation("height with eleven decimals", false, Route.UNSUPPORTED,
                        b -> quantity(b).setValue(new BigDecimal("75.12345678901"))),
                new Mutation("a second name", false, Route.NEW_SHAPE,
                        b -> patient(b).addName(new HumanName().setFamily("Testberg").addGiven("Alva"))),
                new Mutation("another child of the same shape", false, Route.PROVEN, b -> {
                    patient(b).setBirthDateElement(new DateType("2021-03-05")).getNameFirstRep().setFamily("Testberg");
                    quantity(b).setValue(new BigDecimal("77.25"));
                }));
        sameAsHapi(ValidationFixtures.read(full), "the golden Bundle, learnt");
        for (Mutation mutation : mutations) {
            Bundle bundle = ValidationFixtures.read(full);
            mutation.change().accept(bundle);
            FastPath.Counts before = VALIDATOR.fastPathCounts();
            Compared compared = sameAsHapi(bundle, mutation.what());
            assertThat(route(before, VALIDATOR.fastPathCounts())).as(mutation.what()).isEqualTo(mutation.route());
            assertThat(compared.errors().isEmpty()).as(mutation.what() + ": HAPI rejects it").isNotEqualTo(mutation.hapiRejects());
        }
    }

    private static Route route(FastPath.Counts before, FastPath.Counts after) {
        if (after.proven() > before.proven()) {
            return Route.PROVEN;
        }
        if (after.invariantFailed() > before.invariantFailed()) {
            return Route.INVARIANT;
        }
        return after.unsupported() > before.unsupported() ? Route.UNSUPPORTED : Route.NEW_SHAPE;
    }

    @Test
    @Order(6)
    void twoThreadsGetTheAnswersOneThreadGets() throws Exception {
        // children the fast path proves valid, and broken examples only HAPI can judge
        List<Bundle> bundles = new ArrayList<>(cohort());
        for (Path example : ValidationFixtures.examples("fail-").subList(0, 3)) {
            bundles.add(ValidationFixtures.inBundle(example));
        }
        List<List<ProfileValidator.Issue>> alone = bundles.stream().map(VALIDATOR::errors).toList();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<ProfileValidator.Issue>>> together = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                bundles.forEach(b -> together.add(pool.submit(() -> VALIDATOR.errors(b))));
            }
            for (int i = 0; i < together.size(); i++) {
                assertThat(together.get(i).get()).isEqualTo(alone.get(i % bundles.size()));
            }
        } finally {
            pool.shutdown();
        }
    }

    private static List<Bundle> cohort;

    static synchronized List<Bundle> cohort() throws Exception {
        if (cohort == null) {
            cohort = ValidationFixtures.cohort(6, 7);
        }
        return cohort;
    }

    record Mutation(String what, boolean hapiRejects, Route route, Consumer<Bundle> change) {
    }

    static Patient patient(Bundle b) {
        return (Patient) b.getEntry().get(0).getResource();
    }

    static Consent consent(Bundle b) {
        return (Consent) b.getEntry().get(3).getResource();
    }

    static Observation observation(Bundle b) {
        return (Observation) b.getEntry().get(7).getResource();
    }

    static Quantity quantity(Bundle b) {
        return observation(b).getValueQuantity();
    }
}
