// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.Fault;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The scenario dimension of the matrix: what the simulator does to the call, what the journal must then show, and how
 * the call must end.
 */
public enum Scenario {
    /** Azure's throttle answer ({@code retry-after: 1}, {@code retry-after-ms: 300}) once, then 200. */
    AZURE_THROTTLE_THEN_OK("429 (retry-after-ms 300) then 200",
        sim -> sim.injectFault(Fault.tooManyRequests(Duration.ofMillis(300)), 1),
        statuses(429, 200), arrived -> arrived.plusMillis(300), OptionalInt.empty()),

    /** A 429 carrying only {@code retry-after: 1} (whole seconds), then 200. */
    RETRY_AFTER_SECONDS_THEN_OK("429 retry-after: 1 then 200",
        sim -> sim.injectFault(Fault.status(429).withHeader("retry-after", "1"), 1),
        statuses(429, 200), arrived -> arrived.plusSeconds(1), OptionalInt.empty()),

    /** Three throttle answers in a row, then 200. */
    SEVERAL_THROTTLES_THEN_OK("3 x 429 (retry-after-ms 300) then 200",
        sim -> sim.injectFault(Fault.tooManyRequests(Duration.ofMillis(300)), 3),
        statuses(429, 429, 429, 200), arrived -> arrived.plusMillis(300), OptionalInt.empty()),

    /** A 429 without any delay header (Azure has sent these), then 200. */
    NO_DELAY_HEADER_THEN_OK("429 without a delay header then 200",
        sim -> sim.injectFault(Fault.tooManyRequestsWithoutDelay(), 1),
        statuses(429, 200), UnaryOperator.identity(), OptionalInt.empty()),

    /**
     * A 429 with only the misspelt {@code x-rate-limit-reset-tokens: 1} and {@code policy-id}, as Azure has sent for a
     * token limit, then 200. No client is required to read that header, so no earliest retry is asserted.
     */
    MISSPELT_RESET_TOKENS_THEN_OK("429 x-rate-limit-reset-tokens only then 200",
        sim -> sim.injectFault(Fault.tooManyRequestsResetTokensOnly(Duration.ofSeconds(1), true), 1),
        statuses(429, 200), UnaryOperator.identity(), OptionalInt.empty()),

    /** A 429 for a lack of capacity on the service's side (not the deployment's quota), then 200. */
    CAPACITY_THEN_OK("429 for capacity (retry-after-ms 300) then 200",
        sim -> sim.injectFault(Fault.capacityExceeded(Duration.ofMillis(300)), 1),
        statuses(429, 200), arrived -> arrived.plusMillis(300), OptionalInt.empty()),

    /** A 429 naming the token limit of an AIServices S0 pricing tier, then 200. */
    AI_SERVICES_TOKEN_LIMIT_THEN_OK("429 AIServices S0 token limit (retry-after-ms 300) then 200",
        sim -> sim.injectFault(Fault.aiServicesTokenRateLimit(Duration.ofMillis(300)), 1),
        statuses(429, 200), arrived -> arrived.plusMillis(300), OptionalInt.empty()),

    /** A 503 without any delay header, then 200. */
    UNAVAILABLE_THEN_OK("503 then 200",
        sim -> sim.injectFault(Fault.status(503), 1),
        statuses(503, 200), UnaryOperator.identity(), OptionalInt.empty()),

    /** The connection reset instead of an answer, then 200. */
    CONNECTION_RESET_THEN_OK("connection reset then 200",
        sim -> sim.injectFault(Fault.connectionReset(), 1),
        statuses(0, 200), UnaryOperator.identity(), OptionalInt.empty()),

    /**
     * A 429 whose {@code Retry-After} is an HTTP-date, then 200. The simulator writes its clock plus two seconds as an
     * RFC 1123 date, which drops the fraction of a second: the date lies one to two seconds ahead, so a client that
     * ignores it and backs off for milliseconds is always caught.
     */
    RETRY_AFTER_HTTP_DATE_THEN_OK("429 Retry-After as HTTP-date then 200",
        sim -> sim.injectFault(Fault.tooManyRequestsWithHttpDate(Duration.ofSeconds(2)), 1),
        statuses(429, 200), arrived -> arrived.plusSeconds(2).truncatedTo(ChronoUnit.SECONDS), OptionalInt.empty()),

    /** A 429 asking for a whole day: the call must fail fast with the 429, not hang. */
    ONE_DAY_RETRY_AFTER("429 Retry-After: 86400 fails fast",
        sim -> sim.injectFault(Fault.tooManyRequests(Duration.ofDays(1)), 1),
        statuses(429), UnaryOperator.identity(), OptionalInt.of(429)),

    /** OpenAI's {@code insufficient_quota} 429: retrying cannot help. */
    INSUFFICIENT_QUOTA("429 insufficient_quota, no retry",
        sim -> sim.injectFault(Fault.insufficientQuota(), HandBuiltPipeline.MAX_RETRIES + 1),
        statuses(429), UnaryOperator.identity(), OptionalInt.of(429)),

    /** A key the simulator does not know: 401, never retried. */
    WRONG_KEY("wrong key: 401, no retry",
        sim -> { },
        statuses(401), UnaryOperator.identity(), OptionalInt.of(401));

    private final String displayName;
    private final Consumer<AzureOpenAISimulator> arrangement;
    private final List<Integer> statuses;
    private final UnaryOperator<Instant> earliestRetry;
    private final OptionalInt failureStatus;

    Scenario(String displayName, Consumer<AzureOpenAISimulator> arrangement, List<Integer> statuses,
        UnaryOperator<Instant> earliestRetry, OptionalInt failureStatus) {
        this.displayName = displayName;
        this.arrangement = arrangement;
        this.statuses = statuses;
        this.earliestRetry = earliestRetry;
        this.failureStatus = failureStatus;
    }

    /**
     * Injects this scenario's faults into the simulator.
     *
     * @param simulator the simulator, just reset
     */
    public void arrange(AzureOpenAISimulator simulator) {
        arrangement.accept(simulator);
    }

    /**
     * The statuses the journal must show, one per attempt ({@code 0} for a reset connection).
     *
     * <p>They are the same for every construction but one: the hand-built pipeline keeps its own retry in front of
     * the credential policy (hardening leaves a foreign retry in place), and that retry, knowing nothing of
     * {@code insufficient_quota}, retries it {@link HandBuiltPipeline#MAX_RETRIES} times before our policy sees it.</p>
     *
     * @param construction the construction
     * @return the expected statuses, in order
     */
    public List<Integer> expectedStatuses(Construction construction) {
        if (this == INSUFFICIENT_QUOTA && construction == Construction.HARDENED_HAND_BUILT) {
            return Collections.nCopies(HandBuiltPipeline.MAX_RETRIES + 1, 429);
        }
        return statuses;
    }

    /**
     * The earliest moment the server allowed a retry, given when the refused attempt arrived.
     *
     * @param refusedArrivedAt when the refused attempt arrived
     * @return the earliest allowed arrival of the next attempt
     */
    public Instant earliestRetry(Instant refusedArrivedAt) {
        return earliestRetry.apply(refusedArrivedAt);
    }

    /**
     * The status of the {@code HttpResponseException} the call must end with, if it must fail.
     *
     * @return the status, or empty when the call must succeed
     */
    public OptionalInt failureStatus() {
        return failureStatus;
    }

    /**
     * Whether the client must be given a key the simulator does not accept.
     *
     * @return true for {@link #WRONG_KEY}
     */
    public boolean usesWrongKey() {
        return this == WRONG_KEY;
    }

    @Override
    public String toString() {
        return displayName;
    }

    private static List<Integer> statuses(Integer... statuses) {
        return Collections.unmodifiableList(new ArrayList<>(List.of(statuses)));
    }
}
