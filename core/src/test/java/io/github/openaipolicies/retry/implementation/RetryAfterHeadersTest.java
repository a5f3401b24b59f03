// Licensed under the MIT License.
package io.github.openaipolicies.retry.implementation;

import io.github.openaipolicies.core.implementation.HeaderLookup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterHeadersTest {
    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 1000", "21, 21000", "1.5, 1500", "0.0001, 1", "' 6 ', 6000", "86400, 86400000"})
    void retryAfterDeltaSeconds(String value, long expectedMillis) {
        assertThat(RetryAfterHeaders.parseRetryAfter(value, NOW)).contains(Duration.ofMillis(expectedMillis));
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1500, 1500", "1500.2, 1501", "' 250 ', 250"})
    void millisecondValuesAreRoundedUpNeverDown(String value, long expectedMillis) {
        assertThat(RetryAfterHeaders.parseMillis(value)).contains(Duration.ofMillis(expectedMillis));
    }

    @Test
    void retryAfterHttpDateInTheFuture() {
        assertThat(RetryAfterHeaders.parseRetryAfter("Thu, 01 Jan 2026 12:00:07 GMT", NOW))
            .contains(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterHttpDateInThePastMeansNoWait() {
        assertThat(RetryAfterHeaders.parseRetryAfter("Wed, 31 Dec 2025 23:59:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "garbage", "-1", "-0.5", "+3", "1e3", "1,5", "1.", ".5", "NaN", "Infinity",
        "0x10", "3 seconds", "99999999999999999999999999", "9223372036854775807", "2592000.001",
        "Retry-After", "Thu, 32 Jan 2026 12:00:07 GMT", "Fri, 31 Dec 9999 23:59:59 GMT"})
    void unusableRetryAfterValuesGiveNothingAndNeverThrow(String value) {
        assertThat(RetryAfterHeaders.parseRetryAfter(value, NOW)).isEmpty();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "abc", "-100", "1e5", "99999999999999999999999999", "2592000001",
        "Thu, 01 Jan 2026 12:00:07 GMT"})
    void unusableMillisecondValuesGiveNothingAndNeverThrow(String value) {
        assertThat(RetryAfterHeaders.parseMillis(value)).isEmpty();
    }

    @Test
    void thirtyDaysIsTheLongestPlausibleDelay() {
        assertThat(RetryAfterHeaders.parseRetryAfter("2592000", NOW)).contains(Duration.ofDays(30));
        assertThat(RetryAfterHeaders.parseMillis("2592000000")).contains(Duration.ofDays(30));
    }

    @Test
    void retryAfterMsWinsOverTheOthers() {
        HeaderLookup headers = headers("retry-after-ms", "1500", "x-ms-retry-after-ms", "3000", "Retry-After", "5");
        assertThat(RetryAfterHeaders.parse(headers, NOW))
            .contains(new ServerDelay("retry-after-ms", Duration.ofMillis(1500)));
    }

    @Test
    void xMsRetryAfterMsWinsOverRetryAfter() {
        HeaderLookup headers = headers("x-ms-retry-after-ms", "3000", "Retry-After", "5");
        assertThat(RetryAfterHeaders.parse(headers, NOW))
            .contains(new ServerDelay("x-ms-retry-after-ms", Duration.ofMillis(3000)));
    }

    @Test
    void retryAfterIsUsedAlone() {
        assertThat(RetryAfterHeaders.parse(headers("Retry-After", "5"), NOW))
            .contains(new ServerDelay("retry-after", Duration.ofSeconds(5)));
    }

    @Test
    void anUnusableHeaderFallsThroughToTheNextOne() {
        HeaderLookup headers = headers("retry-after-ms", "soon", "x-ms-retry-after-ms", "-1", "Retry-After", "2");
        assertThat(RetryAfterHeaders.parse(headers, NOW))
            .contains(new ServerDelay("retry-after", Duration.ofSeconds(2)));
    }

    @Test
    void noUsableHeaderGivesNothing() {
        assertThat(RetryAfterHeaders.parse(headers("Retry-After", "later"), NOW)).isEmpty();
        assertThat(RetryAfterHeaders.parse(HeaderLookup.NONE, NOW)).isEmpty();
    }

    @Test
    void twoRetryAfterValuesAreUnusable() {
        assertThat(RetryAfterHeaders.parse(headers("Retry-After", "1", "Retry-After", "2"), NOW)).isEmpty();
    }

    static HeaderLookup headers(String... namesAndValues) {
        return MapHeaders.of(namesAndValues);
    }
}
