// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.client.traits.HttpTrait;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.ClientOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * A client builder test double: records every {@link HttpTrait} call, in order, as a {@link Call}.
 */
final class RecordingHttpTrait implements HttpTrait<RecordingHttpTrait> {
    /** One recorded call: the method name and its argument. */
    record Call(String method, Object argument) {
    }

    private final List<Call> calls = new ArrayList<>();

    List<Call> calls() {
        return List.copyOf(calls);
    }

    private RecordingHttpTrait record(String method, Object argument) {
        calls.add(new Call(method, argument));
        return this;
    }

    @Override
    public RecordingHttpTrait httpClient(HttpClient httpClient) {
        return record("httpClient", httpClient);
    }

    @Override
    public RecordingHttpTrait pipeline(HttpPipeline pipeline) {
        return record("pipeline", pipeline);
    }

    @Override
    public RecordingHttpTrait addPolicy(HttpPipelinePolicy pipelinePolicy) {
        return record("addPolicy", pipelinePolicy);
    }

    @Override
    public RecordingHttpTrait retryOptions(RetryOptions retryOptions) {
        return record("retryOptions", retryOptions);
    }

    @Override
    public RecordingHttpTrait httpLogOptions(HttpLogOptions logOptions) {
        return record("httpLogOptions", logOptions);
    }

    @Override
    public RecordingHttpTrait clientOptions(ClientOptions clientOptions) {
        return record("clientOptions", clientOptions);
    }
}
