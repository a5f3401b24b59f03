package io.github.openaipolicies.benchmarks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.policy.AzureKeyCredentialPolicy;
import com.openai.client.OpenAIClient;
import io.github.openaipolicies.DedupeAuthPolicy;
import io.github.openaipolicies.RequestLoggingPolicy;
import io.github.openaipolicies.RetryAfterPolicy;
import io.github.openaipolicies.ThrottleGatePolicy;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyOverheadSmokeTest {

    @Test
    void annotationProcessingWroteTheBenchmarkListNamingBothMethods() throws IOException {
        List<String> lines;
        try (InputStream in = PolicyOverhead.class.getResourceAsStream("/META-INF/BenchmarkList")) {
            assertThat(in).as("META-INF/BenchmarkList on the class path").isNotNull();
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }

        assertThat(lines).anySatisfy(line -> assertThat(line)
            .contains(PolicyOverhead.class.getName()).contains(" sendSync "));
        assertThat(lines).anySatisfy(line -> assertThat(line)
            .contains(PolicyOverhead.class.getName()).contains(" sendAsync "));
        List<BenchmarkListEntry> entries;
        try (InputStream in = PolicyOverhead.class.getResourceAsStream("/META-INF/BenchmarkList")) {
            entries = BenchmarkList.readBenchmarkList(in);
        }
        assertThat(entries).filteredOn(entry -> entry.getUserClassQName().equals(PolicyOverhead.class.getName()))
            .as("both methods run every pipeline, the gate set included").hasSize(2)
            .allSatisfy(entry -> assertThat(entry.getParams().get().get("pipeline"))
                .containsExactly("bare", "stock", "ours", "ours+gate"));
    }

    @Test
    void theGateSetIsOursPlusAThrottleGatePolicy() {
        assertThat(policyClasses("ours+gate")).containsExactly(RetryAfterPolicy.class,
            AzureKeyCredentialPolicy.class, ThrottleGatePolicy.class, RequestLoggingPolicy.class,
            DedupeAuthPolicy.class);
        assertThat(policyClasses("ours")).doesNotContain(ThrottleGatePolicy.class);
    }

    private static List<Class<?>> policyClasses(String pipeline) {
        HttpPipeline httpPipeline = OverheadPipelines.create(pipeline);
        return IntStream.range(0, httpPipeline.getPolicyCount())
            .<Class<?>>mapToObj(i -> httpPipeline.getPolicy(i).getClass()).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bare", "stock", "ours", "ours+gate"})
    void eachBenchmarkBodyCompletesOneCallAndReadsTheCannedBody(String pipeline) {
        PolicyOverhead benchmark = new PolicyOverhead();
        benchmark.pipeline = pipeline;
        benchmark.setUp();

        int bodyLength = CannedHttpClient.BODY.getBytes(StandardCharsets.UTF_8).length;
        assertThat(benchmark.sendSync()).isEqualTo(bodyLength);
        assertThat(benchmark.sendAsync()).isEqualTo(bodyLength);
    }

    @Test
    void theBenchmarkListNamesTheOpenAIJavaMethodsWithTheirOwnParameter() throws IOException {
        List<BenchmarkListEntry> entries;
        try (InputStream in = OpenAIJavaOverhead.class.getResourceAsStream("/META-INF/BenchmarkList")) {
            entries = BenchmarkList.readBenchmarkList(in);
        }

        assertThat(entries).filteredOn(entry -> entry.getUserClassQName().equals(OpenAIJavaOverhead.class.getName()))
            .extracting(BenchmarkListEntry::getUsername).containsExactlyInAnyOrder(
                OpenAIJavaOverhead.class.getName() + ".sendSync", OpenAIJavaOverhead.class.getName() + ".sendAsync");
        assertThat(entries).filteredOn(entry -> entry.getUserClassQName().equals(OpenAIJavaOverhead.class.getName()))
            .allSatisfy(entry -> {
                assertThat(entry.getParams().get().get("client")).containsExactlyElementsOf(
                    OpenAIJavaOverheadPipelines.NAMES);
                assertThat(entry.getParams().get().get("pipeline")).as("-p pipeline= leaves it alone").isNull();
            });
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai-java", "openai-java+ours", "openai-java+ours+gate"})
    void eachOpenAIJavaBenchmarkBodyCompletesOneCallAndParsesTheCannedVector(String client) {
        OpenAIJavaOverhead benchmark = new OpenAIJavaOverhead();
        benchmark.client = client;
        benchmark.setUp();
        try {
            assertThat(benchmark.sendSync()).isEqualTo(4);
            assertThat(benchmark.sendAsync()).isEqualTo(4);
        } finally {
            benchmark.tearDown();
        }
    }

    @Test
    void aBareOpenAIJavaCallIsOneAttemptOnTheCannedTransport() {
        CannedOpenAIJavaHttpClient transport = new CannedOpenAIJavaHttpClient();
        OpenAIClient client = OpenAIJavaOverheadPipelines.create("openai-java", transport);
        try {
            client.embeddings().create(OpenAIJavaOverheadPipelines.params());
            client.async().embeddings().create(OpenAIJavaOverheadPipelines.params()).join();
        } finally {
            client.close();
        }

        assertThat(transport.requests()).isEqualTo(2);
    }
}
