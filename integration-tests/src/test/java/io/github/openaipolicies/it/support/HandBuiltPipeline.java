// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;

import java.time.Duration;

/**
 * The pipeline an application builds by hand in the Kernel Memory style: its own {@link SameRequestRetryPolicy}
 * (re-sends the same request object) in front of an {@link AddingCredentialPolicy} (adds its header on every try),
 * on a transport of its choice. This is the shape that turned a 429 into a 401.
 */
public final class HandBuiltPipeline {
    /** Retries of the hand-written retry, as Kernel Memory's default. */
    public static final int MAX_RETRIES = 3;
    /** Its wait when the server names none (Kernel Memory waits 1 s; scaled down for the suite). */
    public static final Duration FIXED_DELAY = Duration.ofMillis(50);
    /** The longest server-requested wait it accepts before giving up. */
    public static final Duration MAX_DELAY = Duration.ofSeconds(2);

    private HandBuiltPipeline() {
    }

    /**
     * Builds the pipeline.
     *
     * @param httpClient the transport
     * @param credential the adding credential policy
     * @return the pipeline, as an application would hand it to {@code OpenAIClientBuilder.pipeline(...)}
     */
    public static HttpPipeline build(HttpClient httpClient, AddingCredentialPolicy credential) {
        return new HttpPipelineBuilder()
            .httpClient(httpClient)
            .policies(new SameRequestRetryPolicy(MAX_RETRIES, FIXED_DELAY, MAX_DELAY), credential)
            .build();
    }
}
