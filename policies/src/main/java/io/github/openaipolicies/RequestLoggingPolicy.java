// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.logging.ClientLogger;
import com.azure.core.util.logging.LoggingEventBuilder;
import io.github.openaipolicies.core.implementation.AttemptLogLine;
import io.github.openaipolicies.core.implementation.LoggingConfig;
import io.github.openaipolicies.implementation.AttemptContext;
import io.github.openaipolicies.implementation.AzureHeaders;
import io.github.openaipolicies.implementation.AzureLogLevels;
import io.github.openaipolicies.implementation.AzureLoggableBody;
import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.implementation.BufferedResponse;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.Objects;

/**
 * Logs one structured line per attempt through azure-core's {@link ClientLogger} (logger name
 * {@code io.github.openaipolicies.RequestLoggingPolicy}), with the facts needed to diagnose throttling and
 * authentication failures and never a credential.
 *
 * <p>Key-values of the line: {@code method}; {@code url} with every query value redacted except the allowed
 * parameters ({@code api-version} by default); {@code attempt} (the attempt number recorded by
 * {@code RetryAfterPolicy}, else azure-core's retry count, else 1); {@code x-ms-client-request-id} of the request;
 * {@code authorization.count}, {@code api-key.count} and {@code ocp-apim-subscription-key.count}, how many values each
 * credential header carried (comma-joined repeats counted as {@link DedupeAuthPolicy} counts them) and
 * {@code duplicateCredentialHeaders} when one carried more than one; then {@code statusCode} or {@code exception} and
 * {@code exceptionMessage}; the response's {@code apim-request-id}, {@code x-request-id}, {@code x-ms-region},
 * {@code retry-after}, {@code retry-after-ms}, {@code x-ratelimit-remaining-requests} and
 * {@code x-ratelimit-remaining-tokens}; {@code durationMs} (until the response headers arrived, or the body when a
 * body is read to be logged); with body logging {@code requestBody} and {@code responseBody}; when a
 * {@link ThrottleGatePolicy} in front of this policy held the attempt, {@code gateHeldMs} and {@code gateHoldReason}
 * (such as {@code after 429}), read from {@link ThrottleGatePolicy#ADMISSION_CONTEXT_KEY}.</p>
 *
 * <p>Level: {@link RequestLoggingOptions#getFailureLogLevel()} (WARNING by default) for a status of 400 or above,
 * an error, or a credential header carrying more than one value; {@link RequestLoggingOptions#getLogLevel()}
 * (INFORMATIONAL by default) otherwise.</p>
 *
 * <p>Never logged: the values of {@code Authorization}, {@code api-key}, {@code Ocp-Apim-Subscription-Key},
 * {@code Proxy-Authorization}, {@code Cookie}, {@code Set-Cookie} and the additional redacted headers. Those values
 * are also removed from logged bodies and exception messages.</p>
 *
 * <p>Bodies are logged only when turned on, only for text and JSON content types ({@code text/event-stream}
 * excluded), and only when their length is known and at most 16 KiB or {@code maxBodyLogSize} bytes, whichever is
 * larger; they are cut at {@code maxBodyLogSize} characters. Such a response body is read into memory and served
 * whole to the caller; a request body is read only when it can be read again. Any other body passes through
 * untouched, at once, and the line says why it was not logged ({@code (not logged: length unknown)},
 * {@code (not logged: N bytes, above the L-byte limit)}): a chunked response or a stream of server-sent events
 * reaches the caller as it arrives.</p>
 *
 * <p>Runs on every attempt ({@link HttpPipelinePosition#PER_RETRY}). At the start of each attempt it also puts the
 * attempt number recorded by {@code RetryAfterPolicy} back under azure-core's
 * {@code HttpLoggingPolicy.RETRY_COUNT_CONTEXT}, which a stock {@code RetryPolicy} left in the pipeline overwrites,
 * so that a stock {@code HttpLoggingPolicy} further down reports the real attempt number.</p>
 */
public final class RequestLoggingPolicy implements HttpPipelinePolicy {
    private static final ClientLogger LOGGER = new ClientLogger(RequestLoggingPolicy.class);
    private static final String MESSAGE = "HTTP attempt";

    private final LoggingConfig config;

    /** Logs with the default {@link RequestLoggingOptions}. */
    public RequestLoggingPolicy() {
        this(new RequestLoggingOptions());
    }

    /**
     * Logs with the given options, copied now: later changes to them have no effect on this policy.
     *
     * @param options the options
     * @throws NullPointerException if {@code options} is null
     */
    public RequestLoggingPolicy(RequestLoggingOptions options) {
        this.config = Objects.requireNonNull(options, "'options' cannot be null.").toLoggingConfig();
    }

    /**
     * Sends the attempt and logs its line once the response headers (or a small body, or the error) arrive.
     *
     * @param context the call context
     * @param next the rest of the pipeline
     * @return the response, whole
     */
    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return Mono.defer(() -> {
            AttemptContext.restoreRetryCount(context);
            if (!enabled()) {
                return next.process();
            }
            AttemptLogLine line = start(context);
            long start = System.nanoTime();
            return next.process()
                .onErrorResume(error -> {
                    line.error(error);
                    emit(line, start);
                    return Mono.error(error);
                })
                .flatMap(response -> {
                    response(line, response);
                    if (!readsBody(line, response)) {
                        emit(line, start);
                        return Mono.just(response);
                    }
                    return BufferedResponse.readAsync(response)
                        .map(buffered -> {
                            line.responseBody(buffered.bodyBytes());
                            emit(line, start);
                            return (HttpResponse) buffered;
                        })
                        .doOnError(error -> {
                            line.error(error);
                            emit(line, start);
                        });
                });
        });
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        AttemptContext.restoreRetryCount(context);
        if (!enabled()) {
            return next.processSync();
        }
        AttemptLogLine line = start(context);
        long start = System.nanoTime();
        HttpResponse response;
        try {
            response = next.processSync();
        } catch (RuntimeException | Error error) {
            line.error(error);
            emit(line, start);
            throw error;
        }
        response(line, response);
        if (!readsBody(line, response)) {
            emit(line, start);
            return response;
        }
        BufferedResponse buffered;
        try {
            buffered = BufferedResponse.readSync(response);
        } catch (RuntimeException error) {
            line.error(error);
            emit(line, start);
            throw error;
        }
        line.responseBody(buffered.bodyBytes());
        emit(line, start);
        return buffered;
    }

    /** Always {@link HttpPipelinePosition#PER_RETRY}: one line per attempt. */
    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }

    private AttemptLogLine start(HttpPipelineCallContext context) {
        HttpRequest request = context.getHttpRequest();
        AttemptLogLine line = AttemptLogLine.start(String.valueOf(request.getHttpMethod()),
            String.valueOf(request.getUrl()), AzureHeaders.of(request.getHeaders()),
            config.logBodies() ? AzureLoggableBody.of(request.getBodyAsBinaryData()) : null,
            AttemptContext.current(context), config);
        Object admission = context.getData(ThrottleGatePolicy.ADMISSION_CONTEXT_KEY).orElse(null);
        if (admission instanceof ThrottleAdmission && ((ThrottleAdmission) admission).wasHeld()) {
            ThrottleAdmission held = (ThrottleAdmission) admission;
            line.gateHold(held.getHeld().toMillis(), held.getReason().description());
        }
        return line;
    }

    private static void response(AttemptLogLine line, HttpResponse response) {
        // The request's headers are read only for an additional header the response lacks.
        line.response(response.getStatusCode(), AzureHeaders.of(response.getHeaders()),
            name -> AzureHeaders.of(response.getRequest().getHeaders()).value(name));
    }

    private boolean enabled() {
        return canLog(config.successLevel()) || canLog(config.failureLevel());
    }

    /** Whether to read the body now: a line that will be written, and a small body of known length. */
    private static boolean readsBody(AttemptLogLine line, HttpResponse response) {
        return line.planResponseBody(AzureHeaders.of(response.getHeaders())) && canLog(line.level());
    }

    private static boolean canLog(io.github.openaipolicies.core.implementation.LogLevel level) {
        return LOGGER.canLogAtLevel(AzureLogLevels.toAzure(level));
    }

    private static void emit(AttemptLogLine line, long startNanos) {
        line.duration(System.nanoTime() - startNanos);
        LoggingEventBuilder event = LOGGER.atLevel(AzureLogLevels.toAzure(line.level()));
        for (Map.Entry<String, Object> entry : line.keyValues().entrySet()) {
            event.addKeyValue(entry.getKey(), entry.getValue());
        }
        event.log(MESSAGE);
    }
}
