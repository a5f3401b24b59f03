// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class AttemptLogLineTest {
    private static final LoggingConfig CONFIG = LoggingConfig.of(LogLevel.INFORMATIONAL, LogLevel.WARNING, false,
        4096, Set.of("api-version"), List.of("X-Extra"), List.of("X-Secret"));

    @Test
    void keysComeInTheirOrderWithCountsAndNeverACredential() {
        TestHeaders request = new TestHeaders()
            .add("X-Ms-Client-Request-Id", "id-1")
            .add("Authorization", "Bearer tok-1, Bearer tok-1")
            .add("api-key", "key-1")
            .add("X-Secret", "secret-1")
            .add("X-Extra", "from-request");
        AttemptLogLine line = AttemptLogLine.start("POST", "https://h.test/openai?api-version=1&sig=abc", request,
            null, 2, CONFIG);
        line.gateHold(1500, "after 429");
        line.response(429, new TestHeaders().add("Retry-After", "3").add("api-key", "key-echo"), request);
        line.duration(5_999_999);

        assertThat(line.keyValues()).containsExactly(
            entry("method", "POST"),
            entry("url", "https://h.test/openai?api-version=1&sig=REDACTED"),
            entry("attempt", 2),
            entry("x-ms-client-request-id", "id-1"),
            entry("authorization.count", 2),
            entry("api-key.count", 1),
            entry("ocp-apim-subscription-key.count", 0),
            entry("x-secret.count", 1),
            entry("duplicateCredentialHeaders", "authorization"),
            entry("gateHeldMs", 1500L),
            entry("gateHoldReason", "after 429"),
            entry("statusCode", 429),
            entry("retry-after", "3"),
            entry("x-extra", "from-request"),
            entry("durationMs", 5L));
        assertThat(line.level()).isEqualTo(LogLevel.WARNING);
    }

    @Test
    void everyCredentialHeaderThatCarriesMoreThanOneValueIsNamed() {
        TestHeaders request = new TestHeaders().add("authorization", "Bearer a").add("authorization", "Bearer b")
            .add("api-key", "k").add("api-key", "k");
        AttemptLogLine line = AttemptLogLine.start("GET", "https://h.test/", request, null, 1, CONFIG);

        assertThat(line.keyValues()).contains(entry("duplicateCredentialHeaders", "authorization,api-key"));
        assertThat(line.level()).isEqualTo(LogLevel.WARNING);
    }

    @Test
    void theLevelIsTheFailureLevelFromStatus400AndForAnError() {
        assertThat(answered(200).level()).isEqualTo(LogLevel.INFORMATIONAL);
        assertThat(answered(399).level()).isEqualTo(LogLevel.INFORMATIONAL);
        assertThat(answered(400).level()).isEqualTo(LogLevel.WARNING);
        AttemptLogLine failed = AttemptLogLine.start("GET", "https://h.test/", HeaderLookup.NONE, null, 1, CONFIG);
        failed.error(new IOException());
        assertThat(failed.level()).isEqualTo(LogLevel.WARNING);
        assertThat(failed.keyValues()).containsEntry("exception", "java.io.IOException")
            .doesNotContainKey("exceptionMessage");
    }

    @Test
    void anErrorMessageIsLoggedWithoutTheSecretsOfRequestAndResponse() {
        TestHeaders request = new TestHeaders().add("Authorization", "Bearer tok-sekrit");
        AttemptLogLine line = AttemptLogLine.start("GET", "https://h.test/", request, null, 1, CONFIG);
        line.response(200, new TestHeaders().add("Set-Cookie", "id=cookie-sekrit; Path=/"), request);
        line.error(new IllegalStateException("echo tok-sekrit cookie-sekrit"));

        assertThat(line.keyValues()).containsEntry("exception", IllegalStateException.class.getName())
            .containsEntry("exceptionMessage", "echo REDACTED REDACTED");
    }

    @Test
    void anAdditionalHeaderComesFromTheResponseFirstThenTheRequestAndIsLeftOutWhenBothLackIt() {
        AttemptLogLine both = AttemptLogLine.start("GET", "https://h.test/", HeaderLookup.NONE, null, 1, CONFIG);
        both.response(200, new TestHeaders().add("x-extra", "from-response"),
            new TestHeaders().add("x-extra", "from-request"));
        assertThat(both.keyValues()).containsEntry("x-extra", "from-response");

        AttemptLogLine neither = AttemptLogLine.start("GET", "https://h.test/", HeaderLookup.NONE, null, 1, CONFIG);
        neither.response(200, HeaderLookup.NONE, HeaderLookup.NONE);
        assertThat(neither.keyValues()).doesNotContainKey("x-extra");
    }

    @Test
    void aSecretHeaderIsNeverLoggedEvenWhenListedAsLogged() {
        LoggingConfig config = new LoggingConfig(LogLevel.INFORMATIONAL, LogLevel.WARNING, false, 100, Set.of(),
            List.of(), List.of("api-key"), List.of("api-key"), List.of("api-key"), List.of());
        TestHeaders headers = new TestHeaders().add("api-key", "key-1");
        AttemptLogLine line = AttemptLogLine.start("GET", "https://h.test/", headers, null, 1, config);
        line.response(200, headers, headers);

        assertThat(line.keyValues()).doesNotContainKey("api-key").doesNotContainValue("key-1");
    }

    @Test
    void aRequestBodyIsLoggedCleanedThenCut() {
        LoggingConfig config = bodies(20);
        TestHeaders headers = new TestHeaders().add("Content-Type", "application/json").add("api-key", "key-sekrit");

        String text = "{\"echo\":\"key-sekrit\",\"more\":\"x\"}";
        AttemptLogLine line = AttemptLogLine.start("POST", "https://h.test/", headers, body(text, true), 1, config);

        String cleaned = "{\"echo\":\"REDACTED\",\"more\":\"x\"}";
        assertThat(line.keyValues()).containsEntry("requestBody",
            cleaned.substring(0, 20) + "...(cut, " + cleaned.length() + " characters in all)");
    }

    @Test
    void aBodyExactlyAsLongAsTheLimitIsNotCut() {
        TestHeaders headers = new TestHeaders().add("Content-Type", "text/plain");
        AttemptLogLine line = AttemptLogLine.start("POST", "https://h.test/", headers, body("0123456789", true), 1,
            bodies(10));

        assertThat(line.keyValues()).containsEntry("requestBody", "0123456789");
    }

    @Test
    void aRequestBodyThatCannotBeReadSaysWhy() {
        TestHeaders json = new TestHeaders().add("Content-Type", "application/json");

        assertThat(requestBody(json, body("{}", false))).isEqualTo("(not logged: the body cannot be read twice)");
        assertThat(requestBody(json, failing(new IOException("boom"))))
            .isEqualTo("(not logged: reading it failed with java.io.IOException)");
        assertThat(requestBody(json, failing(new IllegalStateException("boom"))))
            .isEqualTo("(not logged: reading it failed with java.lang.IllegalStateException)");
        assertThat(requestBody(json, sized(null))).isEqualTo("(not logged: length unknown)");
        assertThat(requestBody(json, sized(0L))).isEqualTo("");
    }

    @Test
    void noRequestBodyKeyWithoutABodyForAnUnloggableTypeOrWithBodiesOff() {
        TestHeaders json = new TestHeaders().add("Content-Type", "application/json");
        TestHeaders binary = new TestHeaders().add("Content-Type", "application/octet-stream");

        assertThat(AttemptLogLine.start("POST", "https://h.test/", json, null, 1, bodies(10)).keyValues())
            .doesNotContainKey("requestBody");
        assertThat(AttemptLogLine.start("POST", "https://h.test/", binary, body("{}", true), 1, bodies(10))
            .keyValues()).doesNotContainKey("requestBody");
        assertThat(AttemptLogLine.start("POST", "https://h.test/", json, body("{}", true), 1, CONFIG).keyValues())
            .doesNotContainKey("requestBody");
    }

    @Test
    void aResponseBodyIsReadOnlyWhenBodiesAreOnItsTypeLoggableAndItsLengthKnownAndSmall() {
        TestHeaders small = new TestHeaders().add("Content-Type", "application/json").add("Content-Length", "2");
        AttemptLogLine off = AttemptLogLine.start("GET", "https://h.test/", HeaderLookup.NONE, null, 1, CONFIG);
        assertThat(off.planResponseBody(small)).isFalse();
        assertThat(off.keyValues()).doesNotContainKey("responseBody");

        AttemptLogLine read = AttemptLogLine.start("GET", "https://h.test/", HeaderLookup.NONE, null, 1, bodies(10));
        assertThat(read.planResponseBody(small)).isTrue();
        assertThat(read.keyValues()).doesNotContainKey("responseBody");
        read.responseBody("{}".getBytes(StandardCharsets.UTF_8));
        assertThat(read.keyValues()).containsEntry("responseBody", "{}");

        AttemptLogLine chunked = AttemptLogLine.start("GET", "https://h.test/", HeaderLookup.NONE, null, 1,
            bodies(10));
        assertThat(chunked.planResponseBody(new TestHeaders().add("Content-Type", "text/plain"))).isFalse();
        assertThat(chunked.keyValues()).containsEntry("responseBody", "(not logged: length unknown)");

        AttemptLogLine large = AttemptLogLine.start("GET", "https://h.test/", HeaderLookup.NONE, null, 1, bodies(10));
        assertThat(large.planResponseBody(new TestHeaders().add("Content-Type", "text/plain")
            .add("Content-Length", "16385"))).isFalse();
        assertThat(large.keyValues()).containsEntry("responseBody",
            "(not logged: 16385 bytes, above the 16384-byte limit)");

        AttemptLogLine stream = AttemptLogLine.start("GET", "https://h.test/", HeaderLookup.NONE, null, 1, bodies(10));
        assertThat(stream.planResponseBody(new TestHeaders().add("Content-Type", "text/event-stream"))).isFalse();
        assertThat(stream.keyValues()).doesNotContainKey("responseBody");
    }

    private static AttemptLogLine answered(int status) {
        AttemptLogLine line = AttemptLogLine.start("GET", "https://h.test/", new TestHeaders().add("api-key", "k"),
            null, 1, CONFIG);
        line.response(status, HeaderLookup.NONE, HeaderLookup.NONE);
        return line;
    }

    private static Object requestBody(HeaderLookup headers, LoggableBody body) {
        Map<String, Object> values = AttemptLogLine.start("POST", "https://h.test/", headers, body, 1, bodies(10))
            .keyValues();
        assertThat(values).containsKey("requestBody");
        return values.get("requestBody");
    }

    private static LoggingConfig bodies(int maxBodyLogSize) {
        return LoggingConfig.of(LogLevel.INFORMATIONAL, LogLevel.WARNING, true, maxBodyLogSize, Set.of(), List.of(),
            List.of());
    }

    private static LoggableBody body(String text, boolean replayable) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new LoggableBody() {
            @Override
            public Long length() {
                return (long) bytes.length;
            }

            @Override
            public boolean isReplayable() {
                return replayable;
            }

            @Override
            public byte[] read() {
                return bytes;
            }
        };
    }

    private static LoggableBody sized(Long length) {
        return new LoggableBody() {
            @Override
            public Long length() {
                return length;
            }

            @Override
            public boolean isReplayable() {
                return true;
            }

            @Override
            public byte[] read() {
                throw new AssertionError("a body that is not logged is not read");
            }
        };
    }

    private static LoggableBody failing(Exception failure) {
        return new LoggableBody() {
            @Override
            public Long length() {
                return 2L;
            }

            @Override
            public boolean isReplayable() {
                return true;
            }

            @Override
            public byte[] read() throws IOException {
                if (failure instanceof IOException) {
                    throw (IOException) failure;
                }
                throw (RuntimeException) failure;
            }
        };
    }
}
