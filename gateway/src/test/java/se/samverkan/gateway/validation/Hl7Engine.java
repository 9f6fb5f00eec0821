package se.samverkan.gateway.validation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.convertors.factory.VersionConvertorFactory_40_50;
import org.hl7.fhir.convertors.loaders.loaderR5.NullLoaderKnowledgeProviderR5;
import org.hl7.fhir.convertors.loaders.loaderR5.R4ToR5Loader;
import org.hl7.fhir.r5.context.SimpleWorkerContext;
import org.hl7.fhir.r5.elementmodel.Element;
import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.r5.model.CanonicalResource;
import org.hl7.fhir.r5.model.CanonicalType;
import org.hl7.fhir.r5.model.PackageInformation;
import org.hl7.fhir.r5.model.Parameters;
import org.hl7.fhir.r5.utils.validation.IResourceValidator;
import org.hl7.fhir.r5.utils.validation.IValidatorResourceFetcher;
import org.hl7.fhir.utilities.ByteProvider;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The HL7 reference validator ({@code org.hl7.fhir.validation}'s InstanceValidator, the engine behind the
 * validator CLI and the IG Publisher) in its own worker context, offline. The R4 core definitions come from
 * the bundles in HAPI's hapi-fhir-validation-resources-r4 jar (the same content as the hl7.fhir.r4.core
 * package, which no reachable registry has), loaded through the engine's own R4-to-R5 loader; the project's
 * profiles, value sets and code systems are added as published; there is no terminology server. Nothing of
 * HAPI's validation chain, policy advisor or settings is involved: the engine runs with its defaults (full
 * validation: references must resolve, the vital-signs profiles are implied by their LOINC codes, displays
 * must match), except that, as the gateway's validator, it allows no extension it has no definition for.
 *
 * <p>Loading takes tens of seconds: build one per test class. Not safe for concurrent use.
 */
final class Hl7Engine {

    private static final String CORE = "/org/hl7/fhir/r4/model/";
    private static final List<String> DEFINITIONS = List.of("profile/profiles-types.xml",
            "profile/profiles-resources.xml", "profile/profiles-others.xml", "extension/extension-definitions.xml",
            "valueset/valuesets.xml", "valueset/v3-codesystems.xml", "valueset/v2-tables.xml");

    private final SimpleWorkerContext context;

    Hl7Engine() throws IOException {
        R4ToR5Loader loader = new R4ToR5Loader(Set.of("StructureDefinition", "ValueSet", "CodeSystem", "NamingSystem",
                "SearchParameter", "OperationDefinition", "CapabilityStatement", "ConceptMap"),
                new NullLoaderKnowledgeProviderR5(), "4.0.1");
        // a definitions source names its FHIR version in version.info; the context takes it from there
        context = new SimpleWorkerContext.SimpleWorkerContextBuilder().fromDefinitions(
                Map.of("version.info", ByteProvider.forBytes("[FHIR]\nversion=4.0.1\n".getBytes(StandardCharsets.UTF_8))),
                loader, new PackageInformation("hl7.fhir.r4.core", "4.0.1", "4.0.1", new Date()));
        // the specification's bundles define a few code systems twice (spdx-license): the later one stands
        context.setAllowLoadingDuplicates(true);
        for (String name : DEFINITIONS) {
            try (InputStream in = Hl7Engine.class.getResourceAsStream(CORE + name)) {
                context.loadFromFile(in, name.substring(name.indexOf('/') + 1), loader);
            }
        }
        context.setCanRunWithoutTerminology(true);
        context.setNoTerminologyServer(true);
        context.setExpansionParameters(new Parameters());
        for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:profiles/*.json")) {
            try (InputStream in = r.getInputStream()) {
                context.cacheResource(VersionConvertorFactory_40_50.convertResource(
                        (org.hl7.fhir.r4.model.Resource) new org.hl7.fhir.r4.formats.JsonParser().parse(in)));
            }
        }
    }

    /** Every message the engine gives the resource (JSON), of every level. */
    List<ValidationMessage> validate(String json) {
        InstanceValidator validator = new InstanceValidator(context, null, null, null, new ValidatorSettings());
        validator.setAnyExtensionsAllowed(false);
        // no server to fetch from: a reference that resolves neither in the Bundle nor in the resource is unresolved
        validator.setFetcher(new NoFetcher());
        List<ValidationMessage> messages = new ArrayList<>();
        validator.validate(null, messages, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), FhirFormat.JSON);
        return messages;
    }

    /**
     * Resolves nothing outside the instance (so an unresolved reference is an error, as with a server that does
     * not have it) and, like the engine without a fetcher, takes no position on other URLs.
     */
    private static final class NoFetcher implements IValidatorResourceFetcher {
        @Override
        public Element fetch(IResourceValidator validator, Object appContext, String url) {
            return null;
        }

        @Override
        public boolean resolveURL(IResourceValidator validator, Object appContext, String path, String url, String type,
                                  boolean canonical, List<CanonicalType> targets) {
            return true;
        }

        @Override
        public byte[] fetchRaw(IResourceValidator validator, String url) {
            return null;
        }

        @Override
        public IValidatorResourceFetcher setLocale(Locale locale) {
            return this;
        }

        @Override
        public CanonicalResource fetchCanonicalResource(IResourceValidator validator, Object appContext, String url) {
            return null;
        }

        @Override
        public boolean fetchesCanonicalResource(IResourceValidator validator, String url) {
            return false;
        }

        @Override
        public Set<ResourceVersionInformation> fetchCanonicalResourceVersions(IResourceValidator validator, Object appContext,
                                                                              String url) {
            return Set.of();
        }
    }
}
