// Licensed under the MIT License.
package io.github.openaipolicies.spring;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.implementation.OpenAIClientImpl;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.policy.AddHeadersPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.KeyCredentialPolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.util.logging.LogLevel;
import io.github.openaipolicies.DedupeAuthPolicy;
import io.github.openaipolicies.OpenAIPipelineOptions;
import io.github.openaipolicies.RequestLoggingOptions;
import io.github.openaipolicies.RequestLoggingPolicy;
import io.github.openaipolicies.RetryAfterPolicy;
import io.github.openaipolicies.ThrottleGatePolicy;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.implementation.PassThroughRetryPolicy;
import io.github.openaipolicies.retry.RetryAfterOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.ai.model.azure.openai.autoconfigure.AzureOpenAIClientBuilderCustomizer;
import org.springframework.ai.model.azure.openai.autoconfigure.AzureOpenAiClientBuilderConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAIPipelineAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(OpenAIPipelineAutoConfiguration.class));

    /** Spring AI's own builder configuration, pointed at a placeholder endpoint (nothing is sent). */
    private final ApplicationContextRunner withSpringAi = runner
        .withUserConfiguration(AzureOpenAiClientBuilderConfiguration.class)
        .withPropertyValues("spring.ai.azure.openai.endpoint=https://example.openai.azure.com",
            "spring.ai.azure.openai.api-key=placeholder-key");

    @Test
    void theCustomizerIsRegisteredWhenSpringAiIsOnTheClassPath() {
        runner.run(context -> assertThat(context).hasSingleBean(OpenAIPipelineCustomizer.class)
            .hasSingleBean(OpenAIPipelineOptions.class));
    }

    @Test
    void nothingIsRegisteredWithoutSpringAi() {
        runner.withClassLoader(new FilteredClassLoader(AzureOpenAIClientBuilderCustomizer.class))
            .run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(OpenAIPipelineCustomizer.class)
                .doesNotHaveBean(OpenAIPipelineOptions.class));
    }

    @Test
    void enabledFalseRemovesIt() {
        runner.withPropertyValues("openai.pipeline.enabled=false")
            .run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(OpenAIPipelineCustomizer.class)
                .doesNotHaveBean(OpenAIPipelineOptions.class));
    }

    @Test
    void withoutPropertiesTheOptionsAreTheLibraryDefaultsAndTheSharedGate() {
        runner.run(context -> {
            OpenAIPipelineOptions options = context.getBean(OpenAIPipelineOptions.class);
            assertThat(options.getRetryOptions()).hasToString(new RetryAfterOptions().toString());
            assertThat(options.getLoggingOptions()).usingRecursiveComparison()
                .isEqualTo(new RequestLoggingOptions());
            assertThat(options.getThrottleGate()).isSameAs(ThrottleGate.shared());
        });
    }

    @Test
    void propertiesBindToTheOptions() {
        runner.withPropertyValues(
                "openai.pipeline.retry.max-retries=3",
                "openai.pipeline.retry.base-delay=250ms",
                "openai.pipeline.retry.max-delay=4s",
                "openai.pipeline.retry.max-retry-after=20s",
                "openai.pipeline.retry.timeout=90s",
                "openai.pipeline.logging.log-level=verbose",
                "openai.pipeline.logging.failure-log-level=error",
                "openai.pipeline.logging.log-bodies=true",
                "openai.pipeline.logging.max-body-log-size=100",
                "openai.pipeline.logging.allowed-query-params=api-version,deployment",
                "openai.pipeline.logging.additional-logged-headers=x-ratelimit-limit-tokens",
                "openai.pipeline.logging.additional-redacted-headers=x-custom-secret")
            .run(context -> {
                OpenAIPipelineOptions options = context.getBean(OpenAIPipelineOptions.class);
                RetryAfterOptions retry = options.getRetryOptions();
                assertThat(retry.getMaxRetries()).isEqualTo(3);
                assertThat(retry.getBaseDelay()).isEqualTo(Duration.ofMillis(250));
                assertThat(retry.getMaxDelay()).isEqualTo(Duration.ofSeconds(4));
                assertThat(retry.getMaxRetryAfter()).isEqualTo(Duration.ofSeconds(20));
                assertThat(retry.getTimeout()).isEqualTo(Duration.ofSeconds(90));
                RequestLoggingOptions logging = options.getLoggingOptions();
                assertThat(logging.getLogLevel()).isEqualTo(LogLevel.VERBOSE);
                assertThat(logging.getFailureLogLevel()).isEqualTo(LogLevel.ERROR);
                assertThat(logging.isLogBodies()).isTrue();
                assertThat(logging.getMaxBodyLogSize()).isEqualTo(100);
                assertThat(logging.getAllowedQueryParams()).containsExactly("api-version", "deployment");
                assertThat(logging.getAdditionalLoggedHeaders()).extracting(h -> h.getCaseInsensitiveName())
                    .containsExactly("x-ratelimit-limit-tokens");
                assertThat(logging.getAdditionalRedactedHeaders()).extracting(h -> h.getCaseInsensitiveName())
                    .containsExactly("x-custom-secret");
                // the gate follows retry.max-retry-after, so it is not the shared gate with its 60 s
                assertThat(options.getThrottleGate()).isNotNull().isNotSameAs(ThrottleGate.shared());
            });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "gate.max-wait=30s",
        "gate.initial-admission=8",
        "gate.max-retry-after=30s",
        "gate.counter-validity=2s",
        "gate.idle-key-timeout=1m"})
    void aGateSettingGivesTheApplicationAGateOfItsOwn(String property) {
        runner.withPropertyValues("openai.pipeline." + property)
            .run(context -> assertThat(context.getBean(OpenAIPipelineOptions.class).getThrottleGate())
                .isNotNull().isNotSameAs(ThrottleGate.shared()));
    }

    @Test
    void gateEnabledFalseMeansNoGate() {
        withSpringAi.withPropertyValues("openai.pipeline.gate.enabled=false").run(context -> {
            assertThat(context.getBean(OpenAIPipelineOptions.class).getThrottleGate()).isNull();
            assertThat(policyClasses(context.getBean(OpenAIClientBuilder.class)))
                .contains(RetryAfterPolicy.class).doesNotContain(ThrottleGatePolicy.class);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "retry.max-retries=-1 | openai.pipeline.retry.max-retries: 'maxRetries' must be 0 or more, was -1.",
        "retry.timeout=-1s | openai.pipeline.retry.timeout: 'timeout' must be positive",
        "retry.base-delay=10s | openai.pipeline.retry.base-delay: 'baseDelay' (PT10S) must not exceed 'maxDelay' (PT8S).",
        "retry.max-retry-after=-5s | openai.pipeline.retry.max-retry-after: 'maxRetryAfter' must be zero or positive",
        "logging.log-level=not_set | openai.pipeline.logging.log-level: 'logLevel' must be VERBOSE, INFORMATIONAL,",
        "logging.max-body-log-size=-1 | openai.pipeline.logging.max-body-log-size: 'maxBodyLogSize' must be between",
        "logging.additional-logged-headers=api-key | openai.pipeline.logging.additional-logged-headers: "
            + "'additionalLoggedHeaders' cannot contain 'api-key'",
        "gate.initial-admission=0 | openai.pipeline.gate.initial-admission: 'initialAdmission' must be between 1",
        "gate.max-wait=0s | openai.pipeline.gate.max-wait: 'maxWait' must be positive"})
    void aBadValueFailsStartUpWithAMessageNamingTheProperty(String property, String message) {
        runner.withPropertyValues("openai.pipeline." + property).run(context -> {
            assertThat(context).hasFailed();
            // a validation failure of the binding, which Spring Boot's failure analyzer reports property by property
            assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(BindValidationException.class);
            assertThat(messages(context.getStartupFailure())).contains(message);
        });
    }

    @Test
    void anApplicationOptionsBeanWinsOverTheProperties() {
        withSpringAi.withUserConfiguration(ApplicationOptions.class)
            .withPropertyValues("openai.pipeline.retry.max-retries=7")
            .run(context -> {
                OpenAIPipelineOptions options = context.getBean(OpenAIPipelineOptions.class);
                assertThat(options).isSameAs(context.getBean(ApplicationOptions.class).options);
                assertThat(options.getRetryOptions().getMaxRetries()).isEqualTo(2);
                // the application's options have no gate: the installed pipeline has none either
                assertThat(policyClasses(context.getBean(OpenAIClientBuilder.class)))
                    .contains(RetryAfterPolicy.class, DedupeAuthPolicy.class)
                    .doesNotContain(ThrottleGatePolicy.class);
            });
    }

    @Test
    void anApplicationCustomizerBeanWinsOverOurs() {
        withSpringAi.withUserConfiguration(ApplicationPipelineCustomizer.class).run(context -> {
            assertThat(context).hasSingleBean(OpenAIPipelineCustomizer.class);
            assertThat(context.getBean(OpenAIPipelineCustomizer.class))
                .isSameAs(context.getBean(ApplicationPipelineCustomizer.class).customizer);
        });
    }

    @Test
    void anApplicationGateBeanWinsOverTheSharedGate() {
        withSpringAi.withUserConfiguration(ApplicationGate.class).run(context -> {
            ThrottleGate gate = context.getBean(ThrottleGate.class);
            assertThat(gate).isNotSameAs(ThrottleGate.shared());
            assertThat(context.getBean(OpenAIPipelineOptions.class).getThrottleGate()).isSameAs(gate);
            HttpPipeline pipeline = pipelineOf(context.getBean(OpenAIClientBuilder.class).buildClient());
            assertThat(policies(pipeline)).filteredOn(ThrottleGatePolicy.class::isInstance)
                .singleElement().extracting(policy -> ((ThrottleGatePolicy) policy).getGate()).isSameAs(gate);
        });
    }

    @Test
    void springAisBuilderGetsOurPoliciesAfterTheApplicationsCustomizers() {
        withSpringAi.withUserConfiguration(ApplicationCustomizer.class).run(context -> {
            List<Class<?>> classes = policyClasses(context.getBean(OpenAIClientBuilder.class));
            // the stock retry is switched off, and the application's per-retry policy (added by its customizer,
            // which ran first) comes before ours, so DedupeAuthPolicy runs after it
            assertThat(classes).doesNotContain(RetryPolicy.class).containsSubsequence(RetryAfterPolicy.class,
                PassThroughRetryPolicy.class, KeyCredentialPolicy.class, AddHeadersPolicy.class,
                ThrottleGatePolicy.class, RequestLoggingPolicy.class, DedupeAuthPolicy.class);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class ApplicationOptions {
        final OpenAIPipelineOptions options = new OpenAIPipelineOptions()
            .setRetryOptions(new RetryAfterOptions().setMaxRetries(2)).setThrottleGate(null);

        @Bean
        OpenAIPipelineOptions applicationPipelineOptions() {
            return options;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ApplicationPipelineCustomizer {
        final OpenAIPipelineCustomizer customizer = new OpenAIPipelineCustomizer(new OpenAIPipelineOptions());

        @Bean
        OpenAIPipelineCustomizer applicationPipelineCustomizer() {
            return customizer;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ApplicationGate {
        @Bean
        ThrottleGate applicationGate() {
            return ThrottleGate.create();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ApplicationCustomizer {
        @Bean
        AzureOpenAIClientBuilderCustomizer applicationCustomizer() {
            return builder -> builder.addPolicy(new PerRetryHeaders());
        }
    }

    /** A per-retry policy an application adds (AddHeadersPolicy itself is per call). */
    static final class PerRetryHeaders extends AddHeadersPolicy {
        PerRetryHeaders() {
            super(new HttpHeaders().set("x-app", "1"));
        }

        @Override
        public HttpPipelinePosition getPipelinePosition() {
            return HttpPipelinePosition.PER_RETRY;
        }
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static List<Class<?>> policyClasses(OpenAIClientBuilder builder) throws ReflectiveOperationException {
        List<Class<?>> classes = new ArrayList<>();
        for (HttpPipelinePolicy policy : policies(pipelineOf(builder.buildClient()))) {
            classes.add(policy instanceof AddHeadersPolicy ? AddHeadersPolicy.class : policy.getClass());
        }
        return classes;
    }

    private static List<HttpPipelinePolicy> policies(HttpPipeline pipeline) {
        List<HttpPipelinePolicy> policies = new ArrayList<>();
        for (int i = 0; i < pipeline.getPolicyCount(); i++) {
            policies.add(pipeline.getPolicy(i));
        }
        return policies;
    }

    /** OpenAIClient has no getter for its pipeline; azure-ai-openai 1.0.0-beta.16 keeps it in 'serviceClient'. */
    private static HttpPipeline pipelineOf(OpenAIClient client) throws ReflectiveOperationException {
        Field field = OpenAIClient.class.getDeclaredField("serviceClient");
        field.setAccessible(true);
        return ((OpenAIClientImpl) field.get(client)).getHttpPipeline();
    }
}
