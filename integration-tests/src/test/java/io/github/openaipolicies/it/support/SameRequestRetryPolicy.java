// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.DateTimeRfc1123;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * A hand-written retry in the style of Kernel Memory's {@code ClientSequentialRetryPolicy}: it retries 408, 429, 5xx
 * and transport errors up to {@code maxRetries} times, waits the server's {@code Retry-After} (seconds or HTTP-date)
 * when there is one and a fixed delay otherwise, and gives up at once when the server asks for longer than
 * {@code maxDelay}. Above all, like the original, it re-sends <em>the same request object</em> on every try, so a
 * credential policy that <em>adds</em> its header runs again on a request that already carries it.
 *
 * <p>Both paths are native: the synchronous one waits on the calling thread, as azure-core's own
 * {@code RetryPolicy} does.</p>
 */
public final class SameRequestRetryPolicy implements HttpPipelinePolicy {
    private static final HttpHeaderName RETRY_AFTER = HttpHeaderName.RETRY_AFTER;

    private final int maxRetries;
    private final Duration fixedDelay;
    private final Duration maxDelay;

    /**
     * Creates the policy.
     *
     * @param maxRetries retries after the first try
     * @param fixedDelay the wait when the server names none
     * @param maxDelay the longest server-requested wait it accepts; above it, the response is returned as is
     */
    public SameRequestRetryPolicy(int maxRetries, Duration fixedDelay, Duration maxDelay) {
        this.maxRetries = maxRetries;
        this.fixedDelay = fixedDelay;
        this.maxDelay = maxDelay;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return attempt(next, 0);
    }

    private Mono<HttpResponse> attempt(HttpPipelineNextPolicy next, int retriesDone) {
        return next.clone().process()
            .map(TryResult::of)
            .onErrorResume(Exception.class, error -> Mono.just(TryResult.of(error)))
            .flatMap(result -> {
                Optional<Duration> delay = delayBeforeRetry(result, retriesDone);
                if (delay.isEmpty()) {
                    return result.asMono();
                }
                result.discard();
                return Mono.delay(delay.get()).then(Mono.defer(() -> attempt(next, retriesDone + 1)));
            });
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        for (int retriesDone = 0; ; retriesDone++) {
            TryResult result;
            try {
                result = TryResult.of(next.clone().processSync());
            } catch (RuntimeException error) {
                result = TryResult.of(error);
            }
            Optional<Duration> delay = delayBeforeRetry(result, retriesDone);
            if (delay.isEmpty()) {
                return result.get();
            }
            result.discard();
            waitOnCallingThread(delay.get());
        }
    }

    private Optional<Duration> delayBeforeRetry(TryResult result, int retriesDone) {
        if (retriesDone >= maxRetries) {
            return Optional.empty();
        }
        if (result.error != null) {
            return Optional.of(fixedDelay);
        }
        int status = result.response.getStatusCode();
        boolean retriable = status == 408 || status == 429 || (status >= 500 && status != 501 && status != 505);
        if (!retriable) {
            return Optional.empty();
        }
        Optional<Duration> requested = requestedDelay(result.response);
        if (requested.isPresent() && requested.get().compareTo(maxDelay) > 0) {
            return Optional.empty();
        }
        return Optional.of(requested.orElse(fixedDelay));
    }

    private static Optional<Duration> requestedDelay(HttpResponse response) {
        String value = response.getHeaderValue(RETRY_AFTER);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                OffsetDateTime date = new DateTimeRfc1123(value.trim()).getDateTime();
                Duration delay = Duration.between(OffsetDateTime.now(), date);
                return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
            } catch (RuntimeException notDate) {
                return Optional.empty();
            }
        }
    }

    private static void waitOnCallingThread(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }

    /** The outcome of one try: a response or an error. */
    private static final class TryResult {
        private final HttpResponse response;
        private final RuntimeException error;

        private TryResult(HttpResponse response, RuntimeException error) {
            this.response = response;
            this.error = error;
        }

        static TryResult of(HttpResponse response) {
            return new TryResult(response, null);
        }

        static TryResult of(Exception error) {
            return new TryResult(null, error instanceof RuntimeException runtime ? runtime
                : new IllegalStateException(error));
        }

        Mono<HttpResponse> asMono() {
            return error != null ? Mono.error(error) : Mono.just(response);
        }

        HttpResponse get() {
            if (error != null) {
                throw error;
            }
            return response;
        }

        void discard() {
            if (response != null) {
                response.close();
            }
        }
    }
}
