// Licensed under the MIT License.
package io.github.openaipolicies.implementation.gate;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import io.github.openaipolicies.core.implementation.HeaderLookup;
import io.github.openaipolicies.gate.ThrottleFeedback;
import io.github.openaipolicies.gate.implementation.ThrottleHeaders;
import io.github.openaipolicies.retry.implementation.RetryAfterHeaders;
import io.github.openaipolicies.retry.implementation.ServerDelay;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Function;

/**
 * What an azure-core response tells the gate: the core's {@link ThrottleHeaders} over its {@link HttpHeaders}, with
 * the server's delay read by {@link RetryAfterHeaders}. Pure; never throws on a bad value.
 */
public final class ResponseFeedback {
    /** Stands for the current time when no header needs it. */
    private static final OffsetDateTime NO_DATE_NEEDED = OffsetDateTime.MIN;
    /** Passed for an answer whose delay {@link ThrottleHeaders#feedback} does not read. */
    private static final Function<HeaderLookup, Duration> NO_DELAY_READ = read -> null;

    private ResponseFeedback() {
    }

    /**
     * The feedback of a response, reading the clock only for a {@code Retry-After} header (which may be an
     * HTTP-date) on an error answer.
     *
     * @param status the status code
     * @param headers the headers
     * @param clock the clock
     * @return the feedback
     */
    public static ThrottleFeedback feedback(int status, HttpHeaders headers, Clock clock) {
        OffsetDateTime now = !ThrottleHeaders.readsDelay(status) || headers.getValue(HttpHeaderName.RETRY_AFTER) == null
            ? NO_DATE_NEEDED : clock.instant().atOffset(ZoneOffset.UTC);
        return feedback(status, headers, now);
    }

    /**
     * The feedback of a response; the delay headers are read on error answers only.
     *
     * @param status the status code
     * @param headers the headers
     * @param now the current time, for an HTTP-date {@code Retry-After}
     * @return the feedback
     */
    public static ThrottleFeedback feedback(int status, HttpHeaders headers, OffsetDateTime now) {
        // Every gated attempt reports here: a success costs one header view, no second view and no capturing lambda.
        return ThrottleHeaders.feedback(status, lookup(headers),
            ThrottleHeaders.readsDelay(status) ? read -> serverDelay(read, now) : NO_DELAY_READ);
    }

    private static Duration serverDelay(HeaderLookup headers, OffsetDateTime now) {
        return RetryAfterHeaders.parse(headers, now).map(ServerDelay::delay).orElse(null);
    }

    /**
     * Headers as the core reads them.
     *
     * @param headers azure-core's headers
     * @return a lookup by case-insensitive name
     */
    public static HeaderLookup lookup(HttpHeaders headers) {
        return name -> headers.getValue(HttpHeaderName.fromString(name));
    }
}
