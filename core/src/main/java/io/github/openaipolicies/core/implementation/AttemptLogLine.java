// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The key-values of the one line an adapter logs for an attempt ({@code RequestLoggingPolicy} for azure-core), and
 * its level. Pure: fed with the request, then the response or the error, then the duration; shared by the sync and
 * async paths and by every adapter, so they all log the same line.
 *
 * <p>Keys: {@code method}, {@code url} (query values redacted except allowed ones), {@code attempt}, the logged
 * request headers (by lower-case name), {@code <credential header>.count} for every credential header (a count,
 * never a value), {@code duplicateCredentialHeaders} when one carries more than one value, {@code statusCode} or
 * {@code exception} and {@code exceptionMessage}, the logged response headers, {@code durationMs}, and with body
 * logging {@code requestBody} / {@code responseBody}; {@code gateHeldMs} and {@code gateHoldReason} when a throttle
 * gate held the attempt.</p>
 */
public final class AttemptLogLine {
    private static final String CONTENT_TYPE = "content-type";
    private static final String CONTENT_LENGTH = "content-length";

    private final LoggingConfig config;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final SecretScrubber scrubber = new SecretScrubber();
    private boolean failed;
    private boolean duplicateCredentials;

    private AttemptLogLine(LoggingConfig config) {
        this.config = config;
    }

    /**
     * Starts the line of an attempt from its request, as it leaves the logging step.
     *
     * @param method the HTTP method
     * @param url the URL as sent (redacted here)
     * @param headers the request headers
     * @param body the request body, null when there is none
     * @param attempt the attempt number, 1 for the first try
     * @param config the configuration
     * @return the line
     */
    public static AttemptLogLine start(String method, String url, HeaderLookup headers, LoggableBody body,
        int attempt, LoggingConfig config) {
        AttemptLogLine line = new AttemptLogLine(config);
        line.scrubber.learn(headers, config.secretHeaders());
        line.values.put("method", method);
        line.values.put("url", UrlRedactor.redact(url, config.allowedQueryParams()));
        line.values.put("attempt", attempt);
        for (String name : config.requestHeaders()) {
            line.putHeader(name, headers);
        }
        List<String> duplicated = new ArrayList<>();
        for (String name : config.credentialHeaders()) {
            int count = CredentialValues.count(headers, name);
            line.values.put(name + ".count", count);
            if (count > 1) {
                duplicated.add(name);
            }
        }
        if (!duplicated.isEmpty()) {
            line.duplicateCredentials = true;
            line.values.put("duplicateCredentialHeaders", String.join(",", duplicated));
        }
        if (config.logBodies() && body != null) {
            line.putRequestBody(headers.value(CONTENT_TYPE), body);
        }
        return line;
    }

    /**
     * Records how long and why a throttle gate held this attempt: {@code gateHeldMs} and {@code gateHoldReason}.
     * Call it only for an attempt the gate held; nothing is recorded for one that went at once.
     *
     * @param heldMillis how long the attempt waited, in milliseconds
     * @param reason why, as the hold reason describes itself (such as {@code after 429})
     */
    public void gateHold(long heldMillis, String reason) {
        values.put("gateHeldMs", heldMillis);
        values.put("gateHoldReason", reason);
    }

    /**
     * Records the response of the attempt (status and logged headers, not the body).
     *
     * @param statusCode the response status
     * @param headers the response headers
     * @param requestHeaders the headers of the request the response answers, for the additional headers the
     *     response lacks
     */
    public void response(int statusCode, HeaderLookup headers, HeaderLookup requestHeaders) {
        scrubber.learn(headers, config.secretHeaders());
        values.put("statusCode", statusCode);
        failed = statusCode >= 400;
        for (String name : config.responseHeaders()) {
            putHeader(name, headers);
        }
        for (String name : config.additionalHeaders()) {
            if (!putHeader(name, headers)) {
                putHeader(name, requestHeaders);
            }
        }
    }

    /**
     * Decides whether the body of this response is read and logged, by {@link BodyLogDecision}, and records what is
     * logged instead when it is not.
     *
     * @param headers the response headers
     * @return whether to read its body and pass it to {@link #responseBody(byte[])}
     */
    public boolean planResponseBody(HeaderLookup headers) {
        if (!config.logBodies()) {
            return false;
        }
        BodyLogDecision decision = BodyLogDecision.decide(headers.value(CONTENT_TYPE),
            BodyLogDecision.parseLength(headers.value(CONTENT_LENGTH)), config.bodyReadLimit());
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

    private boolean putHeader(String name, HeaderLookup headers) {
        if (config.secretHeaders().contains(name)) {
            return false;
        }
        String value = headers.value(name);
        if (value == null) {
            return false;
        }
        values.put(name, value);
        return true;
    }

    private void putRequestBody(String contentType, LoggableBody body) {
        BodyLogDecision decision = BodyLogDecision.decide(contentType, body.length(), config.bodyReadLimit());
        if (!decision.read()) {
            if (decision.placeholder() != null) {
                values.put("requestBody", decision.placeholder());
            }
        } else if (!body.isReplayable()) {
            values.put("requestBody", "(not logged: the body cannot be read twice)");
        } else {
            try {
                values.put("requestBody", bodyText(body.read()));
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
