// Licensed under the MIT License.
package io.github.openaipolicies.spring.boot4;

import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.logging.AttemptLoggingOptions;
import io.github.openaipolicies.metrics.PipelineMetricsSink;
import io.github.openaipolicies.micrometer.MicrometerMetricsSink;
import io.github.openaipolicies.okhttp.OkHttpPolicyOptions;
import io.github.openaipolicies.okhttp.OpenAIPolicyInterceptor;
import io.github.openaipolicies.retry.RetryAfterOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.event.Level;
import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.ai.openai.http.okhttp.SpringAiOpenAiHttpClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAIPipelineAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(OpenAIPipelineAutoConfiguration.class));

    @Test
    void isListedInTheAutoConfigurationImports() {
        List<String> candidates = new ArrayList<>();
        ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).forEach(candidates::add);

        assertThat(candidates).contains(OpenAIPipelineAutoConfiguration.class.getName());
    }

    @Test
    void registersACustomizerThatAddsThePolicyInterceptorToSpringAisHttpClient() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(OpenAIPipelineHttpClientCustomizer.class);
            SpringAiOpenAiHttpClient.Builder builder = SpringAiOpenAiHttpClient.builder();
            context.getBean(OpenAiHttpClientBuilderCustomizer.class).customize(builder);
            SpringAiOpenAiHttpClient client = builder.build();
            try {
                assertThat(client.getOkHttpClient().interceptors())
                    .hasAtLeastOneElementOfType(OpenAIPolicyInterceptor.class);
            } finally {
                client.close();
            }
        });
    }

    @Test
    void theDefaultsAreTheCoresDefaultsWithTheSharedGateAndNoMetrics() {
        runner.run(context -> {
            OkHttpPolicyOptions options = context.getBean(OkHttpPolicyOptions.class);
            assertThat(options.getRetryOptions()).hasToString(new RetryAfterOptions().toString());
            assertThat(options.getLoggingOptions()).hasToString(new AttemptLoggingOptions().toString());
            assertThat(options.getThrottleGate()).isSameAs(ThrottleGate.shared())
                .isSameAs(context.getBean(ThrottleGate.class));
            assertThat(options.getMetricsSink()).isSameAs(PipelineMetricsSink.NONE);
        });
    }

    @Test
    void propertiesBindIntoTheOptions() {
        runner.withPropertyValues(
                "openai.pipeline.retry.max-retries=4",
                "openai.pipeline.retry.base-delay=250ms",
                "openai.pipeline.retry.max-delay=2s",
                "openai.pipeline.retry.max-retry-after=30s",
                "openai.pipeline.retry.timeout=1m",
                "openai.pipeline.logging.log-level=VERBOSE",
                "openai.pipeline.logging.failure-log-level=error",
                "openai.pipeline.logging.allowed-query-params=api-version,foo",
                "openai.pipeline.logging.additional-logged-headers=x-request-id",
                "openai.pipeline.logging.additional-redacted-headers=x-secret",
                "openai.pipeline.logging.max-body-log-size=0",
                "openai.pipeline.gate.initial-admission=2")
            .run(context -> {
                OkHttpPolicyOptions options = context.getBean(OkHttpPolicyOptions.class);
                RetryAfterOptions retry = options.getRetryOptions();
                assertThat(retry.getMaxRetries()).isEqualTo(4);
                assertThat(retry.getBaseDelay()).isEqualTo(Duration.ofMillis(250));
                assertThat(retry.getMaxDelay()).isEqualTo(Duration.ofSeconds(2));
                assertThat(retry.getMaxRetryAfter()).isEqualTo(Duration.ofSeconds(30));
                assertThat(retry.getTimeout()).isEqualTo(Duration.ofMinutes(1));
                AttemptLoggingOptions logging = options.getLoggingOptions();
                assertThat(logging.getLogLevel()).isEqualTo(Level.DEBUG);
                assertThat(logging.getFailureLogLevel()).isEqualTo(Level.ERROR);
                assertThat(logging.getAllowedQueryParams()).containsExactlyInAnyOrder("api-version", "foo");
                assertThat(logging.getAdditionalLoggedHeaders()).containsExactly("x-request-id");
                assertThat(logging.getAdditionalRedactedHeaders()).containsExactly("x-secret");
                // options other than the defaults: a gate of its own, the one bean
                assertThat(options.getThrottleGate()).isNotSameAs(ThrottleGate.shared())
                    .isSameAs(context.getBean(ThrottleGate.class));
                OpenAIPipelineProperties properties = context.getBean(OpenAIPipelineProperties.class);
                assertThat(properties.gateOptions().getInitialAdmission()).isEqualTo(2);
                // the gate keeps the retry's longest server delay unless told otherwise
                assertThat(properties.gateOptions().getMaxRetryAfter()).isEqualTo(Duration.ofSeconds(30));
            });
    }

    @ParameterizedTest
    @CsvSource({"VERBOSE, DEBUG", "debug, DEBUG", "trace, TRACE", "INFORMATIONAL, INFO", "info, INFO",
        "WARNING, WARN", "warn, WARN", "error, ERROR"})
    void theLevelNamesOfTheBoot3StarterAndOfSlf4jBind(String name, Level level) {
        runner.withPropertyValues("openai.pipeline.logging.log-level=" + name,
                "openai.pipeline.logging.failure-log-level=" + name)
            .run(context -> {
                AttemptLoggingOptions logging = context.getBean(OkHttpPolicyOptions.class).getLoggingOptions();
                assertThat(logging.getLogLevel()).isEqualTo(level);
                assertThat(logging.getFailureLogLevel()).isEqualTo(level);
            });
    }

    @Test
    void theGatesOwnMaxRetryAfterWinsOverTheRetrys() {
        runner.withPropertyValues("openai.pipeline.retry.max-retry-after=30s",
                "openai.pipeline.gate.max-retry-after=10s")
            .run(context -> assertThat(context.getBean(OpenAIPipelineProperties.class).gateOptions()
                .getMaxRetryAfter()).isEqualTo(Duration.ofSeconds(10)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "retry.max-retries=-1            | openai.pipeline.retry.max-retries: 'maxRetries' must be 0 or more",
        "retry.base-delay=0s             | openai.pipeline.retry.base-delay: ",
        "retry.max-delay=-1s             | openai.pipeline.retry.max-delay: ",
        "retry.max-retry-after=-1s       | openai.pipeline.retry.max-retry-after: 'maxRetryAfter' must be zero",
        "retry.timeout=0s                | openai.pipeline.retry.timeout: ",
        "retry.base-delay=9s             | openai.pipeline.retry.base-delay: 'baseDelay' (PT9S) must not exceed",
        "logging.log-level=LOUD          | openai.pipeline.logging.log-level: 'LOUD' is not a level",
        "logging.failure-log-level=NOISY | openai.pipeline.logging.failure-log-level: 'NOISY' is not a level",
        "logging.log-bodies=true         | openai.pipeline.logging.log-bodies: bodies are never logged",
        "logging.max-body-log-size=-1    | openai.pipeline.logging.max-body-log-size: must not be negative",
        "gate.max-wait=0s                | openai.pipeline.gate.max-wait: ",
        "gate.initial-admission=0        | openai.pipeline.gate.initial-admission: 'initialAdmission' must be",
        "gate.max-retry-after=-1s        | openai.pipeline.gate.max-retry-after: 'maxRetryAfter' must not be",
        "gate.counter-validity=0s        | openai.pipeline.gate.counter-validity: ",
        "gate.idle-key-timeout=0s        | openai.pipeline.gate.idle-key-timeout: ",
    })
    void aRefusedValueStopsTheContextWithAMessageNamingTheProperty(String property, String message) {
        runner.withPropertyValues("openai.pipeline." + property).run(context -> {
            assertThat(context).hasFailed();
            // Spring Boot's start-up failure report shows the innermost cause's message
            assertThat(rootCause(context.getStartupFailure()).getMessage()).startsWith(message.strip());
        });
    }

    @Test
    void aRefusedGateValueStopsTheContextEvenWhenTheApplicationsGateReplacesTheStartersGate() {
        runner.withBean(ThrottleGate.class, ThrottleGate::create)
            .withPropertyValues("openai.pipeline.gate.initial-admission=0")
            .run(context -> assertThat(rootCause(context.getStartupFailure()).getMessage())
                .startsWith("openai.pipeline.gate.initial-admission: "));
    }

    @Test
    void aMissingLevelIsRefusedWithItsPropertysName() {
        assertThatThrownBy(() -> new OpenAIPipelineProperties.Logging(null, "WARN", false, 0, Set.of(), Set.of(),
            Set.of())).hasMessage("openai.pipeline.logging.log-level: a level must be set.");
    }

    @Test
    void enabledFalseAddsNothing() {
        runner.withPropertyValues("openai.pipeline.enabled=false").run(context -> assertThat(context)
            .doesNotHaveBean(OpenAIPipelineHttpClientCustomizer.class)
            .doesNotHaveBean(OkHttpPolicyOptions.class)
            .doesNotHaveBean(ThrottleGate.class)
            .doesNotHaveBean(PipelineMetricsSink.class)
            .doesNotHaveBean(OpenAIPipelineProperties.class));
    }

    @Test
    void backsOffWithoutSpringAisOpenAIHttpClient() {
        runner.withClassLoader(new FilteredClassLoader(OpenAiHttpClientBuilderCustomizer.class))
            .run(context -> assertThat(context).doesNotHaveBean(OpenAIPipelineHttpClientCustomizer.class)
                .doesNotHaveBean(OkHttpPolicyOptions.class));
    }

    @Test
    void theApplicationsGateWins() {
        ThrottleGate applicationGate = ThrottleGate.create();
        runner.withBean(ThrottleGate.class, () -> applicationGate).run(context -> {
            assertThat(context).hasSingleBean(ThrottleGate.class);
            assertThat(context.getBean(OkHttpPolicyOptions.class).getThrottleGate()).isSameAs(applicationGate);
        });
    }

    @Test
    void gateEnabledFalseMeansNoGateEvenWithTheApplicationsGate() {
        runner.withPropertyValues("openai.pipeline.gate.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(ThrottleGate.class);
            assertThat(context.getBean(OkHttpPolicyOptions.class).getThrottleGate()).isNull();
        });
        runner.withPropertyValues("openai.pipeline.gate.enabled=false")
            .withBean(ThrottleGate.class, ThrottleGate::create)
            .run(context -> assertThat(context.getBean(OkHttpPolicyOptions.class).getThrottleGate()).isNull());
    }

    @Test
    void theApplicationsCustomizerAndOptionsWin() {
        OkHttpPolicyOptions applicationOptions = new OkHttpPolicyOptions();
        OpenAIPipelineHttpClientCustomizer applicationCustomizer =
            new OpenAIPipelineHttpClientCustomizer(applicationOptions);
        runner.withBean(OpenAIPipelineHttpClientCustomizer.class, () -> applicationCustomizer)
            .run(context -> assertThat(context.getBean(OpenAIPipelineHttpClientCustomizer.class))
                .isSameAs(applicationCustomizer));
        runner.withBean(OkHttpPolicyOptions.class, () -> applicationOptions)
            .run(context -> assertThat(context.getBean(OkHttpPolicyOptions.class)).isSameAs(applicationOptions));
    }

    @Test
    void metricsGoToTheApplicationsMeterRegistry() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context.getBean(PipelineMetricsSink.class)).isInstanceOf(MicrometerMetricsSink.class);
            assertThat(context.getBean(OkHttpPolicyOptions.class).getMetricsSink())
                .isSameAs(context.getBean(PipelineMetricsSink.class));
        });
    }

    @Test
    void theApplicationsMetricsSinkWins() {
        PipelineMetricsSink applicationSink = new RecordingNothingSink();
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(PipelineMetricsSink.class, () -> applicationSink)
            .run(context -> assertThat(context.getBean(OkHttpPolicyOptions.class).getMetricsSink())
                .isSameAs(applicationSink));
    }

    @Test
    void theCustomizerRunsAfterTheApplications() {
        assertThat(new OpenAIPipelineHttpClientCustomizer(new OkHttpPolicyOptions()).getOrder())
            .isEqualTo(org.springframework.core.Ordered.LOWEST_PRECEDENCE);
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static final class RecordingNothingSink implements PipelineMetricsSink {
        @Override
        public LongInstrument createLongCounter(String name, String description, String unit) {
            return NONE.createLongCounter(name, description, unit);
        }

        @Override
        public LongInstrument createLongUpDownCounter(String name, String description, String unit) {
            return NONE.createLongUpDownCounter(name, description, unit);
        }

        @Override
        public DoubleInstrument createDoubleHistogram(String name, String description, String unit) {
            return NONE.createDoubleHistogram(name, description, unit);
        }
    }
}
