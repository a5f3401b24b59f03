// Licensed under the MIT License.
package io.github.openaipolicies.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import io.github.openaipolicies.DedupeAuthPolicy;
import io.github.openaipolicies.ScriptedHttpClient;
import io.github.openaipolicies.core.implementation.CredentialValues;
import io.github.openaipolicies.credential.DuplicateCredentialException;
import io.github.openaipolicies.implementation.AzureHeaders;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * {@link DedupeAuthPolicy} on generated credential headers: {@code api-key} and {@code Authorization} values repeated
 * over several header lines whose names are spelt in mixed case, and comma-joined within a line, with white space
 * around. {@value HostileHeadersPropertyTest#CASES} cases from a seeded generator (seed printed; replay with
 * {@code -Dhostile.seed=<seed>}), half on the sync path and half on the async one. When the values agree, the request
 * sent carries exactly one value, the agreed one; when they differ, the call fails with
 * {@link DuplicateCredentialException} and nothing is sent.
 */
class DedupePropertyTest {
    private static final HttpHeaderName API_KEY = HttpHeaderName.fromString(CredentialValues.API_KEY);
    private static final String TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/";

    /** What a case puts in the headers. */
    enum Branch {
        /** One header, one value repeated 1 to 6 times over lines and commas. */
        AGREE,
        /** One header, 2 to 4 different values, each on its own lines. */
        DIFFER,
        /** Both headers, each with agreeing repeated values. */
        BOTH_AGREE,
        /** {@code api-key} with one line of different comma-joined values: one opaque value, sent as it is. */
        AMBIGUOUS_COMMAS
    }

    @Test
    void afterDedupeExactlyOneCredentialValueWhenTheyAgreeAndARefusalWhenTheyDiffer() {
        // Each refused case logs a warning (without values); thousands of them would only flood the console.
        Logger logger = (Logger) LoggerFactory.getLogger(DedupeAuthPolicy.class);
        Level previous = logger.getLevel();
        logger.setLevel(Level.ERROR);
        try {
            runCases();
        } finally {
            logger.setLevel(previous);
        }
    }

    private void runCases() {
        HostileValues values = new HostileValues("afterDedupeExactlyOneCredentialValueWhenTheyAgreeAndARefusalWhenTheyDiffer");
        SplittableRandom random = values.random();
        AtomicReference<HttpRequest> sent = new AtomicReference<>();
        HttpPipeline pipeline = new HttpPipelineBuilder()
            .policies(new DedupeAuthPolicy())
            .httpClient(request -> {
                sent.set(request);
                return Mono.just(ScriptedHttpClient.ScriptedResponse.emptyOk(request));
            })
            .build();
        Map<Branch, Integer> reached = new EnumMap<>(Branch.class);
        for (int i = 0; i < HostileHeadersPropertyTest.CASES; i++) {
            Branch branch = Branch.values()[random.nextInt(Branch.values().length)];
            reached.merge(branch, 1, Integer::sum);
            boolean authorization = random.nextBoolean();
            HttpHeaderName name = authorization ? HttpHeaderName.AUTHORIZATION : API_KEY;
            HttpRequest request = new HttpRequest(HttpMethod.POST, "https://example.test/openai");
            String agreed = null;
            String apiKey = null;
            switch (branch) {
                case AGREE -> {
                    agreed = credential(random, authorization);
                    addRepeated(request, values, name, agreed, random.nextInt(1, 7));
                }
                case DIFFER -> {
                    List<String> distinct = new ArrayList<>();
                    while (distinct.size() < random.nextInt(2, 5) || distinct.size() < 2) {
                        String value = credential(random, authorization);
                        if (!distinct.contains(value)) {
                            distinct.add(value);
                        }
                    }
                    for (String value : distinct) {
                        addRepeated(request, values, name, value, random.nextInt(1, 3));
                    }
                }
                case BOTH_AGREE -> {
                    agreed = credential(random, true);
                    apiKey = credential(random, false);
                    addRepeated(request, values, HttpHeaderName.AUTHORIZATION, agreed, random.nextInt(1, 5));
                    addRepeated(request, values, API_KEY, apiKey, random.nextInt(1, 5));
                    name = HttpHeaderName.AUTHORIZATION;
                }
                case AMBIGUOUS_COMMAS -> {
                    name = API_KEY;
                    agreed = credential(random, false) + ", " + credential(random, false) + "x";
                    request.getHeaders().add(HttpHeaderName.fromString(values.mixedCase("api-key")), agreed);
                }
            }
            String at = "seed " + values.seed() + " case " + i + " " + branch + " (values not shown)";
            boolean sync = random.nextBoolean();
            sent.set(null);

            if (branch == Branch.DIFFER) {
                assertThatThrownBy(() -> send(pipeline, request, sync)).as(at)
                    .isInstanceOf(DuplicateCredentialException.class);
                assertThat(sent.get()).as(at + ": nothing sent").isNull();
                continue;
            }
            try (HttpResponse response = send(pipeline, request, sync)) {
                assertThat(response.getStatusCode()).as(at).isEqualTo(200);
            }
            HttpHeaders headers = sent.get().getHeaders();
            assertThat(CredentialValues.count(AzureHeaders.of(headers), name.getCaseInsensitiveName())).as(at).isEqualTo(1);
            assertThat(headers.get(name).getValuesList()).as(at).hasSize(1);
            assertThat(headers.getValue(name).trim()).as(at).isEqualTo(agreed);
            if (apiKey != null) {
                assertThat(CredentialValues.count(AzureHeaders.of(headers), CredentialValues.API_KEY)).as(at)
                    .isEqualTo(1);
                assertThat(headers.getValue(API_KEY).trim()).as(at).isEqualTo(apiKey);
            }
        }
        assertEachBranchDrawn(values, reached);
    }

    private static HttpResponse send(HttpPipeline pipeline, HttpRequest request, boolean sync) {
        return sync ? pipeline.sendSync(request, Context.NONE) : pipeline.send(request).block();
    }

    /** Adds {@code copies} copies of a value over one to {@code copies} lines, comma-joined within a line. */
    private static void addRepeated(HttpRequest request, HostileValues values, HttpHeaderName name, String value,
        int copies) {
        SplittableRandom random = values.random();
        int left = copies;
        while (left > 0) {
            int inLine = random.nextInt(1, left + 1);
            StringBuilder line = new StringBuilder(pad(random));
            for (int j = 0; j < inLine; j++) {
                if (j > 0) {
                    line.append(pad(random)).append(',').append(pad(random));
                }
                line.append(value);
            }
            line.append(pad(random));
            request.getHeaders().add(HttpHeaderName.fromString(values.mixedCase(name.getCaseInsensitiveName())),
                line.toString());
            left -= inLine;
        }
    }

    private static String credential(SplittableRandom random, boolean authorization) {
        StringBuilder token = new StringBuilder();
        int length = random.nextInt(1, 48);
        for (int i = 0; i < length; i++) {
            token.append(TOKEN_CHARS.charAt(random.nextInt(TOKEN_CHARS.length())));
        }
        if (random.nextInt(4) == 0) {
            token.append("=".repeat(random.nextInt(1, 3)));
        }
        return authorization ? "Bearer " + token : token.toString();
    }

    private static String pad(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> " ";
            case 1 -> "\t";
            default -> "";
        };
    }

    /**
     * Each request shape drawn in at least 15 % of the cases. These are the generator's shapes, but each case asserts
     * the outcome its shape must have (refused, or sent with one agreed value), so the shares are shares of outcomes.
     */
    private static void assertEachBranchDrawn(HostileValues values, Map<Branch, Integer> reached) {
        int total = reached.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("  seed " + values.seed() + ": request shapes " + reached + " of " + total);
        for (Branch branch : Branch.values()) {
            assertThat(reached.getOrDefault(branch, 0) * 100L).as("seed %d: share of %s", values.seed(), branch)
                .isGreaterThanOrEqualTo(total * 15L);
        }
    }
}
