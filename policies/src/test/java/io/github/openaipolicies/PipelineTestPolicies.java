// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.credential.KeyCredential;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpLoggingPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.FixedDelay;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Small policies that stand in for other people's code in the composition tests: an auth policy that adds its header
 * (as Azure.AI.OpenAI's did), a retry that re-sends the same request object (as Kernel Memory's did), a key rotation
 * between attempts, and a probe that records what a policy at its place sees.
 */
final class PipelineTestPolicies {
    /**
     * 429 headers asking for a 1 ms wait, so the retry tests run without waiting. Not 0: a zero delay is read as no
     * delay at all and falls back to the exponential backoff, 0.5 s and more per retry under the default options.
     */
    static final String[] NO_WAIT_429 = {"retry-after-ms", "1", "Retry-After", "0"};

    private PipelineTestPolicies() {
    }

    /** Azure-core's RetryPolicy with 3 retries and no wait, as a "someone else's pipeline" would have. */
    static RetryPolicy stockRetry() {
        return new RetryPolicy(new FixedDelay(3, Duration.ZERO));
    }

    /**
     * Adds (never sets) a header on every pass, like the auth policy behind the Authorization-twice 401.
     */
    static final class AddHeaderPolicy implements HttpPipelinePolicy {
        private final HttpHeaderName name;
        private final String value;
        private final HttpPipelinePosition position;

        AddHeaderPolicy(String name, String value) {
            this(name, value, HttpPipelinePosition.PER_RETRY);
        }

        AddHeaderPolicy(String name, String value, HttpPipelinePosition position) {
            this.name = HttpHeaderName.fromString(name);
            this.value = value;
            this.position = position;
        }

        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            context.getHttpRequest().getHeaders().add(name, value);
            return next.process();
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            context.getHttpRequest().getHeaders().add(name, value);
            return next.processSync();
        }

        @Override
        public HttpPipelinePosition getPipelinePosition() {
            return position;
        }
    }

    /**
     * A retry of another library: on 429 it closes the response and sends the very same request object again
     * (no copy), up to {@code maxTries} tries, with no wait.
     */
    static final class ResendingRetryPolicy implements HttpPipelinePolicy {
        private final int maxTries;

        ResendingRetryPolicy(int maxTries) {
            this.maxTries = maxTries;
        }

        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            return attempt(next, 1);
        }

        private Mono<HttpResponse> attempt(HttpPipelineNextPolicy next, int tryNumber) {
            return next.clone().process().flatMap(response -> {
                if (response.getStatusCode() != 429 || tryNumber >= maxTries) {
                    return Mono.just(response);
                }
                response.close();
                return attempt(next, tryNumber + 1);
            });
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            for (int tryNumber = 1;; tryNumber++) {
                HttpResponse response = next.clone().processSync();
                if (response.getStatusCode() != 429 || tryNumber >= maxTries) {
                    return response;
                }
                response.close();
            }
        }
    }

    /**
     * Updates a key credential once the first attempt has been answered, as a key rotation during throttling.
     */
    static final class RotateKeyAfterFirstAttempt implements HttpPipelinePolicy {
        private final KeyCredential credential;
        private final String newKey;
        private boolean rotated;

        RotateKeyAfterFirstAttempt(KeyCredential credential, String newKey) {
            this.credential = credential;
            this.newKey = newKey;
        }

        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            return next.process().doOnNext(response -> rotate());
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            HttpResponse response = next.processSync();
            rotate();
            return response;
        }

        private synchronized void rotate() {
            if (!rotated) {
                credential.update(newKey);
                rotated = true;
            }
        }
    }

    /**
     * Records, on every pass, the attempt number azure-core's loggers would print
     * ({@link HttpLoggingPolicy#RETRY_COUNT_CONTEXT}).
     */
    static final class RetryCountProbe extends ContextProbe {
        RetryCountProbe() {
            super(HttpLoggingPolicy.RETRY_COUNT_CONTEXT);
        }
    }

    /** Records, on every pass, the value of one context key ({@code "absent"} when it has none). */
    static class ContextProbe implements HttpPipelinePolicy {
        private final String key;
        private final List<Object> seen = Collections.synchronizedList(new ArrayList<>());

        ContextProbe(String key) {
            this.key = key;
        }

        List<Object> seen() {
            synchronized (seen) {
                return List.copyOf(seen);
            }
        }

        private void record(HttpPipelineCallContext context) {
            seen.add(context.getData(key).orElse("absent"));
        }

        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            record(context);
            return next.process();
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            record(context);
            return next.processSync();
        }
    }
}
