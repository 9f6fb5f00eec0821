package se.samverkan.gateway.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.Validation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/** flows.yml binds as Spring binds it at start, passes validation, and says what the tests assume. */
class FlowsYmlTest {

    static FlowProperties bind(PropertySource<?>... overrides) throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        for (PropertySource<?> override : overrides) {
            sources.addLast(override);
        }
        List<PropertySource<?>> yml = new YamlPropertySourceLoader()
                .load("flows.yml", new ClassPathResource("flows.yml"));
        yml.forEach(sources::addLast);
        Binder binder = new Binder(ConfigurationPropertySources.from(sources), null,
                ApplicationConversionService.getSharedInstance());
        var validator = new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator());
        return binder.bind("gateway.flows", Bindable.of(FlowProperties.class), new ValidationBindHandler(validator))
                .get();
    }

    @Test
    void the_shipped_flows_bind_and_are_the_catalogue_the_tests_use() throws IOException {
        FlowProperties shipped = bind();

        assertThat(FlowCatalogue.of(shipped).ids()).containsExactly("F1", "F2", "F3", "F4", "F5", "F6", "F7", "N1", "N2");
        TestFlows.standard().catalogue().forEach((id, flow) ->
                assertThat(shipped.catalogue().get(id.toLowerCase(java.util.Locale.ROOT))).as(id).isEqualTo(flow));
    }

    @Test
    void application_yml_imports_the_flows_and_spring_binds_and_validates_them() {
        new ApplicationContextRunner()
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withUserConfiguration(BindFlows.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(FlowCatalogue.of(context.getBean(FlowProperties.class)).ids()).hasSize(9);
                });
    }

    @Test
    void a_flow_without_categories_stops_the_start() {
        new ApplicationContextRunner()
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withUserConfiguration(BindFlows.class)
                .withPropertyValues("gateway.flows.catalogue.f8.name=nothing to carry",
                        "gateway.flows.catalogue.f8.allowed-by=consent")
                .run(context -> assertThat(context).hasFailed());
    }

    @EnableConfigurationProperties(FlowProperties.class)
    static class BindFlows {
    }

    @Test
    void an_environment_variable_overrides_one_setting_of_a_flow() throws IOException {
        var env = new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("GATEWAY_FLOWS_CATALOGUE_F1_CHILDCONSENTFROMAGE", "15"));

        FlowProperties overridden = bind(env);

        FlowCatalogue catalogue = FlowCatalogue.of(overridden);
        assertThat(catalogue.ids()).hasSize(9);
        assertThat(catalogue.rule("F1").childConsentFromAge()).isEqualTo(15);
        assertThat(catalogue.rule("F1").name()).startsWith("BHV-to-school");
    }

    @Test
    void a_flow_allowed_by_law_must_name_the_law() {
        var broken = new MapPropertySource("broken", Map.of(
                "gateway.flows.catalogue.F8.name", "forwarding within one principal",
                "gateway.flows.catalogue.F8.allowed-by", "legal-basis",
                "gateway.flows.catalogue.F8.categories", "summary"));

        assertThatThrownBy(() -> bind(broken)).isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("gateway.flows.catalogue.F8: legal-basis is required");
    }

    @Test
    void an_unknown_flow_is_an_error_that_names_no_person() {
        FlowCatalogue catalogue = TestFlows.catalogue();
        List<String> messages = new ArrayList<>();
        for (String flow : List.of("F9", "201502049026")) {
            assertThatThrownBy(() -> catalogue.rule(flow)).isInstanceOfSatisfying(UnknownFlowException.class,
                    e -> messages.add(e.getMessage()));
        }
        assertThat(messages.get(0)).startsWith("GW-2120").contains("'F9'");
        assertThat(messages.get(1)).doesNotContain("201502049026");
    }
}
