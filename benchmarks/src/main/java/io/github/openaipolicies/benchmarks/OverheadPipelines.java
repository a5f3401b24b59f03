package io.github.openaipolicies.benchmarks;

import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.policy.AzureKeyCredentialPolicy;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpLoggingPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.util.BinaryData;
import io.github.openaipolicies.DedupeAuthPolicy;
import io.github.openaipolicies.RequestLoggingPolicy;
import io.github.openaipolicies.RetryAfterPolicy;
import io.github.openaipolicies.ThrottleGatePolicy;
import io.github.openaipolicies.gate.ThrottleGate;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.List;

/**
 * The pipelines {@link PolicyOverhead} compares, all over a {@link CannedHttpClient}, and the request they send.
 *
 * <ul>
 *   <li>{@code bare}: no policies, the floor (request creation, pipeline dispatch, canned answer);</li>
 *   <li>{@code stock}: azure-core {@link RetryPolicy} (defaults), {@link AzureKeyCredentialPolicy} ({@code api-key}),
 *       {@link HttpLoggingPolicy} at {@link HttpLogDetailLevel#BASIC};</li>
 *   <li>{@code ours}: {@link RetryAfterPolicy}, the same {@link AzureKeyCredentialPolicy},
 *       {@link RequestLoggingPolicy},
 *       {@link DedupeAuthPolicy}, in the order {@code OpenAIPipelines.builder()} uses;</li>
 *   <li>{@code ours+gate}: {@code ours} with a {@link ThrottleGatePolicy} on a new {@link ThrottleGate#create()}
 *       behind {@link RetryAfterPolicy}, where {@code install} puts it; the canned answer carries no rate-limit
 *       headers, so the gate never holds: this is the cost of asking it and reporting to it when nothing is
 *       throttled.</li>
 * </ul>
 * Both non-bare pipelines carry the credential policy because every real client has one and {@link DedupeAuthPolicy}
 * inspects the header it writes; its cost is the same on both sides of the ratio.
 */
final class OverheadPipelines {
    /** The names {@link #create(String)} accepts. */
    static final List<String> NAMES = List.of("bare", "stock", "ours", "ours+gate");

    private static final URL URL = parse(
        "https://example.openai.azure.com/openai/deployments/text-embedding-3-small/embeddings"
            + "?api-version=2024-06-01");
    private static final BinaryData REQUEST_BODY = BinaryData.fromString("{\"input\":[\"hello world\"]}");
    private static final AzureKeyCredential KEY = new AzureKeyCredential("benchmark-key-not-a-secret");

    private OverheadPipelines() {
    }

    /**
     * Builds one of the compared pipelines.
     *
     * @param name one of {@link #NAMES}
     * @return the pipeline, over a {@link CannedHttpClient}
     */
    static HttpPipeline create(String name) {
        return new HttpPipelineBuilder()
            .httpClient(new CannedHttpClient())
            .policies(policies(name))
            .build();
    }

    /**
     * A fresh embeddings request; every call needs its own, since policies write its headers.
     *
     * @return a POST with a small JSON body
     */
    static HttpRequest newRequest() {
        HttpHeaders headers = new HttpHeaders().set(HttpHeaderName.CONTENT_TYPE, "application/json");
        return new HttpRequest(HttpMethod.POST, URL, headers, REQUEST_BODY);
    }

    private static HttpPipelinePolicy[] policies(String name) {
        switch (name) {
            case "bare":
                return new HttpPipelinePolicy[0];
            case "stock":
                return new HttpPipelinePolicy[] {
                    new RetryPolicy(),
                    new AzureKeyCredentialPolicy("api-key", KEY),
                    new HttpLoggingPolicy(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.BASIC)) };
            case "ours":
                return new HttpPipelinePolicy[] {
                    new RetryAfterPolicy(),
                    new AzureKeyCredentialPolicy("api-key", KEY),
                    new RequestLoggingPolicy(),
                    new DedupeAuthPolicy() };
            case "ours+gate":
                return new HttpPipelinePolicy[] {
                    new RetryAfterPolicy(),
                    new AzureKeyCredentialPolicy("api-key", KEY),
                    new ThrottleGatePolicy(ThrottleGate.create()),
                    new RequestLoggingPolicy(),
                    new DedupeAuthPolicy() };
            default:
                throw new IllegalArgumentException("pipeline must be one of " + NAMES + ", was '" + name + "'");
        }
    }

    private static URL parse(String url) {
        try {
            return new URL(url);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
