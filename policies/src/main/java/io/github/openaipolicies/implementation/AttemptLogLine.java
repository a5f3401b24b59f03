// Licensed under the MIT License.
package io.github.openaipolicies.implementation;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.logging.LogLevel;
import io.github.openaipolicies.gate.ThrottleAdmission;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The key-values of the one line {@code RequestLoggingPolicy} logs for an attempt, and its level. Pure: fed with the
 * request, then the response or the error, then the duration; shared by the sync and async paths.
 *
 * <p>Keys: {@code method}, {@code url} (query values redacted except allowed ones), {@code attempt}, the logged
 * request headers (by lower-case name), {@code <credential header>.count} for every credential header (a count,
 * never a value), {@code duplicateCredentialHeaders} when one carries more than one value, {@code statusCode} or
 * {@code exception} and {@code exceptionMessage}, the logged response headers, {@code durationMs}, and with body
 * logging {@code requestBody} / {@code responseBody}; {@code gateHeldMs} and {@code gateHoldReason} when a throttle
 * gate held the attempt.</p>
 */
public final class AttemptLogLine {
    private final LoggingConfig config;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final SecretScrubber scrubber = new SecretScrubber();
    private boolean failed;
    private boolean duplicateCredentials;

    private AttemptLogLine(LoggingConfig config) {
        this.config = config;
    }

    /**
     * Starts the line of an attempt from its request, as it leaves this policy.
     *
     * @param request the request of this attempt
     * @param attempt the attempt number, 1 for the first try
     * @param config the configuration
     * @return the line
     */
    public static AttemptLogLine start(HttpRequest request, int attempt, LoggingConfig config) {
        AttemptLogLine line = new AttemptLogLine(config);
        HttpHeaders headers = request.getHeaders();
        line.scrubber.learn(headers, config.secretHeaders());
        line.values.put("method", String.valueOf(request.getHttpMethod()));
        line.values.put("url", UrlRedactor.redact(String.valueOf(request.getUrl()), config.allowedQueryParams()));
        line.values.put("attempt", attempt);
        for (HttpHeaderName name : config.requestHeaders()) {
            line.putHeader(name, headers);
        }
        List<String> duplicated = new ArrayList<>();
        for (HttpHeaderName name : config.credentialHeaders()) {
            int count = CredentialValues.count(headers, name);
            line.values.put(name.getCaseInsensitiveName() + ".count", count);
            if (count > 1) {
                duplicated.add(name.getCaseInsensitiveName());
            }
        }
        if (!duplicated.isEmpty()) {
            line.duplicateCredentials = true;
            line.values.put("duplicateCredentialHeaders", String.join(",", duplicated));
        }
        if (config.logBodies()) {
            line.putRequestBody(request);
        }
        return line;
    }

    /**
     * Records how long and why the throttle gate held this attempt, when it did: {@code gateHeldMs} and
     * {@code gateHoldReason}. Nothing is recorded for an attempt that went at once or did not pass a gate.
     *
     * @param admission what the pipeline context holds under the gate policy's admission key, or null
     */
    public void admission(Object admission) {
        if (admission instanceof ThrottleAdmission && ((ThrottleAdmission) admission).wasHeld()) {
            ThrottleAdmission held = (ThrottleAdmission) admission;
            values.put("gateHeldMs", held.getHeld().toMillis());
            values.put("gateHoldReason", held.getReason().description());
        }
    }

    /**
     * Records the response of the attempt (status and logged headers, not the body).
     *
     * @param response the response
     */
    public void response(HttpResponse response) {
        HttpHeaders headers = response.getHeaders();
        scrubber.learn(headers, config.secretHeaders());
        values.put("statusCode", response.getStatusCode());
        failed = response.getStatusCode() >= 400;
        for (HttpHeaderName name : config.responseHeaders()) {
            putHeader(name, headers);
        }
        for (HttpHeaderName name : config.additionalHeaders()) {
            if (!putHeader(name, headers)) {
                putHeader(name, response.getRequest().getHeaders());
            }
        }
    }

    /**
     * Decides whether the body of this response is read and logged, by {@link BodyLogDecision}, and records what is
     * logged instead when it is not.
     *
     * @param response the response
     * @return whether to read its body and pass it to {@link #responseBody(byte[])}
     */
    public boolean planResponseBody(HttpResponse response) {
        if (!config.logBodies()) {
            return false;
        }
        HttpHeaders headers = response.getHeaders();
        BodyLogDecision decision = BodyLogDecision.decide(headers.getValue(HttpHeaderName.CONTENT_TYPE),
            BodyLogDecision.parseLength(headers.getValue(HttpHeaderName.CONTENT_LENGTH)), config.bodyReadLimit());
        if (decision.placeholder() != null) {
            values.put("responseBody", decision.placeholder());
        }
        return decision.read();
    }

    /**
     * Records the response body (whole, at most {@link LoggingConfig#bodyReadLimit()} bytes; cut and cleaned here).
     *
     * @param body the whole body
     */
    public void responseBody(byte[] body) {
        values.put("responseBody", bodyText(body));
    }

    /**
     * Records the error that ended the attempt: its class and its message, cleaned of secrets.
     *
     * @param error the error
     */
    public void error(Throwable error) {
        failed = true;
        values.put("exception", error.getClass().getName());
        if (error.getMessage() != null) {
            values.put("exceptionMessage", scrubber.scrub(error.getMessage()));
        }
    }

    /**
     * Records how long the attempt took.
     *
     * @param nanos the duration in nanoseconds
     */
    public void duration(long nanos) {
        values.put("durationMs", TimeUnit.NANOSECONDS.toMillis(nanos));
    }

    /**
     * The level of the line: the failure level for a status of 400 or above, an error, or a credential header
     * carrying more than one value; the success level otherwise.
     *
     * @return the level
     */
    public LogLevel level() {
        return failed || duplicateCredentials ? config.failureLevel() : config.successLevel();
    }

    /** {@return the key-values, in the order they were recorded} */
    public Map<String, Object> keyValues() {
        return Collections.unmodifiableMap(values);
    }

    private boolean putHeader(HttpHeaderName name, HttpHeaders headers) {
        if (config.secretHeaders().contains(name)) {
            return false;
        }
        String value = headers.getValue(name);
        if (value == null) {
            return false;
        }
        values.put(name.getCaseInsensitiveName(), value);
        return true;
    }

    private void putRequestBody(HttpRequest request) {
        BinaryData body = request.getBodyAsBinaryData();
        if (body == null) {
            return;
        }
        String contentType = request.getHeaders().getValue(HttpHeaderName.CONTENT_TYPE);
        BodyLogDecision decision = BodyLogDecision.decide(contentType, body.getLength(), config.bodyReadLimit());
        if (!decision.read()) {
            if (decision.placeholder() != null) {
                values.put("requestBody", decision.placeholder());
            }
        } else if (!body.isReplayable()) {
            values.put("requestBody", "(not logged: the body cannot be read twice)");
        } else {
            try (InputStream in = body.toStream()) {
                values.put("requestBody", bodyText(in.readNBytes(body.getLength().intValue())));
            } catch (IOException | RuntimeException e) {
                values.put("requestBody", "(not logged: reading it failed with " + e.getClass().getName() + ")");
            }
        }
    }

    /** Decodes, removes secrets, then cuts, so that no part of a secret survives at the cut. */
    private String bodyText(byte[] body) {
        String text = scrubber.scrub(new String(body, StandardCharsets.UTF_8));
        if (text.length() <= config.maxBodyLogSize()) {
            return text;
        }
        return text.substring(0, config.maxBodyLogSize()) + "...(cut, " + text.length() + " characters in all)";
    }
}
