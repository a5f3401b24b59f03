package io.github.openaipolicies.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * How the simulator limits one deployment: Azure OpenAI's quota model ({@link #azure(int)}, the profile to use unless
 * a test wants something else), one sliding window ({@link #slidingWindow(int, int, Duration)}, the simulator's
 * original model, handy for short windows), a provisioned (PTU) deployment's capacity
 * ({@link #provisioned(int, int, Duration)}), or no limit. Immutable.
 *
 * <h2>The Azure profile</h2>
 * A deployment is given tokens per minute (TPM). Its requests per minute (RPM) follow at 6 per 1,000 TPM unless set
 * with {@link #withRequestsPerMinute(int)}. Requests are counted over a 10 s window that admits {@code ceil(RPM / 6)}
 * requests (at least 1), and estimated tokens over a 60 s window that admits TPM tokens; both windows slide (a charge
 * counts until 10 s, or 60 s, after its request arrived). A request is admitted only when it fits both windows, and
 * only an admitted request is charged. This follows Microsoft's quota documentation (RPM is enforced "over short
 * periods, typically 1 or 10 seconds"; TPM per minute) and Microsoft's {@code aoai-api-simulator}.
 *
 * <h2>The provisioned profile</h2>
 * A provisioned (PTU) deployment is not limited by TPM/RPM counters but by its utilisation: its capacity is a number
 * of requests and/or estimated tokens per sliding window, counted and charged as in the sliding-window profile. Every
 * answer naming the deployment carries {@code azure-openai-deployment-utilization} (the share of the capacity in use
 * after the request, the larger of requests and tokens, as a percentage with one decimal and a {@code %} sign, e.g.
 * {@code 42.0%}: the form Azure's own benchmarking tool parses) and no {@code x-ratelimit-*} header, as Azure's
 * provisioned deployments send none; a request that does not fit the capacity left is answered 429 at once with
 * {@code retry-after} and {@code retry-after-ms} (the time until it would fit), whatever
 * {@code AzureOpenAISimulator.Builder#throttleHeaders} says.
 */
public final class Quota {

    /** The kind of quota. */
    public enum Profile {
        /** No limit at all. */
        UNLIMITED,
        /** Azure OpenAI's model: requests over 10 s windows, tokens over 60 s windows, configured by TPM. */
        AZURE,
        /** One sliding window counting requests and tokens together. */
        SLIDING_WINDOW,
        /**
         * A provisioned (PTU) deployment: a capacity of requests and/or tokens per sliding window, reported as
         * utilisation in {@code azure-openai-deployment-utilization}, without {@code x-ratelimit-*} headers.
         */
        PROVISIONED
    }

    /** How long the Azure profile counts a request. */
    public static final Duration AZURE_REQUEST_WINDOW = Duration.ofSeconds(10);

    /** How long the Azure profile counts a request's tokens. */
    public static final Duration AZURE_TOKEN_WINDOW = Duration.ofSeconds(60);

    /** Requests per minute the Azure profile grants per 1,000 tokens per minute. */
    public static final int AZURE_RPM_PER_1000_TPM = 6;

    private static final Quota UNLIMITED = new Quota(Profile.UNLIMITED, 0, 0, Duration.ZERO);

    private final Profile profile;
    private final int requests;
    private final int tokens;
    private final Duration window;

    private Quota(Profile profile, int requests, int tokens, Duration window) {
        this.profile = profile;
        this.requests = requests;
        this.tokens = tokens;
        this.window = window;
    }

    /**
     * No limit: every request is admitted, and no {@code x-ratelimit-remaining-*} header is sent.
     *
     * @return the unlimited quota
     */
    public static Quota unlimited() {
        return UNLIMITED;
    }

    /**
     * Azure OpenAI's quota for a deployment of {@code tokensPerMinute} TPM, with RPM at 6 per 1,000 TPM.
     *
     * @param tokensPerMinute the deployment's TPM, at least 1,000 (Azure's smallest step)
     * @return the quota
     */
    public static Quota azure(int tokensPerMinute) {
        if (tokensPerMinute < 1000) {
            throw new IllegalArgumentException("tokensPerMinute must be at least 1000, was " + tokensPerMinute);
        }
        int rpm = (int) Math.min(Integer.MAX_VALUE, (long) tokensPerMinute * AZURE_RPM_PER_1000_TPM / 1000);
        return new Quota(Profile.AZURE, rpm, tokensPerMinute, AZURE_TOKEN_WINDOW);
    }

    /**
     * The simulator's original model: one sliding window; every admitted request is charged one request and its
     * estimated tokens until {@code window} after it arrived.
     *
     * @param requestsPerWindow requests per window, 0 for unlimited
     * @param tokensPerWindow estimated tokens per window, 0 for unlimited
     * @param window the window, positive
     * @return the quota
     */
    public static Quota slidingWindow(int requestsPerWindow, int tokensPerWindow, Duration window) {
        if (requestsPerWindow < 0) {
            throw new IllegalArgumentException("requestsPerWindow must be >= 0, was " + requestsPerWindow);
        }
        if (tokensPerWindow < 0) {
            throw new IllegalArgumentException("tokensPerWindow must be >= 0, was " + tokensPerWindow);
        }
        Objects.requireNonNull(window, "window");
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        return new Quota(Profile.SLIDING_WINDOW, requestsPerWindow, tokensPerWindow, window);
    }

    /**
     * A provisioned (PTU) deployment's capacity: every admitted request is charged one request and its estimated
     * tokens until {@code window} after it arrived; a request that does not fit is answered 429 with
     * {@code retry-after-ms}, and every answer says the utilisation in {@code azure-openai-deployment-utilization}.
     * For example {@code provisioned(300, 0, Duration.ofSeconds(10))}: 300 requests per 10 s.
     *
     * @param requestsPerWindow requests per window, 0 for no request limit
     * @param tokensPerWindow estimated tokens per window, 0 for no token limit
     * @param window the window, positive
     * @return the quota
     * @throws IllegalArgumentException if both limits are 0, either is negative, or the window is not positive
     */
    public static Quota provisioned(int requestsPerWindow, int tokensPerWindow, Duration window) {
        Quota sliding = slidingWindow(requestsPerWindow, tokensPerWindow, window); // validates
        if (requestsPerWindow == 0 && tokensPerWindow == 0) {
            throw new IllegalArgumentException("a provisioned capacity needs requestsPerWindow or tokensPerWindow "
                + "above 0");
        }
        return new Quota(Profile.PROVISIONED, sliding.requests, sliding.tokens, sliding.window);
    }

    /**
     * A copy of this Azure quota with its own requests per minute instead of 6 per 1,000 TPM.
     *
     * @param requestsPerMinute at least 1
     * @return the new quota
     * @throws IllegalStateException if this is not an {@link Profile#AZURE} quota
     */
    public Quota withRequestsPerMinute(int requestsPerMinute) {
        if (profile != Profile.AZURE) {
            throw new IllegalStateException("requests per minute apply to the AZURE profile, not to " + profile);
        }
        if (requestsPerMinute < 1) {
            throw new IllegalArgumentException("requestsPerMinute must be at least 1, was " + requestsPerMinute);
        }
        return new Quota(profile, requestsPerMinute, tokens, window);
    }

    /**
     * The profile.
     *
     * @return the profile
     */
    public Profile profile() {
        return profile;
    }

    /**
     * For {@link Profile#AZURE}, the requests per minute; for {@link Profile#SLIDING_WINDOW} and
     * {@link Profile#PROVISIONED}, the requests per window (0: unlimited).
     *
     * @return the request limit; 0 when unlimited
     */
    public int requests() {
        return requests;
    }

    /**
     * For {@link Profile#AZURE}, the tokens per minute; for {@link Profile#SLIDING_WINDOW} and
     * {@link Profile#PROVISIONED}, the tokens per window (0: unlimited).
     *
     * @return the token limit; 0 when unlimited
     */
    public int tokens() {
        return tokens;
    }

    /**
     * For {@link Profile#AZURE}, the requests admitted per 10 s window: {@code ceil(RPM / 6)}, at least 1.
     *
     * @return the requests per 10 s window; 0 for the other profiles
     */
    public int requestsPerTenSeconds() {
        return profile == Profile.AZURE ? Math.max(1, (requests + 5) / 6) : 0;
    }

    /**
     * For {@link Profile#SLIDING_WINDOW} and {@link Profile#PROVISIONED}, the window; for {@link Profile#AZURE}, the
     * token window (60 s).
     *
     * @return the window; zero when unlimited
     */
    public Duration window() {
        return window;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Quota that && profile == that.profile && requests == that.requests
            && tokens == that.tokens && window.equals(that.window);
    }

    @Override
    public int hashCode() {
        return Objects.hash(profile, requests, tokens, window);
    }

    @Override
    public String toString() {
        return switch (profile) {
            case UNLIMITED -> "Quota[unlimited]";
            case AZURE -> "Quota[azure, " + tokens + " TPM, " + requests + " RPM]";
            case SLIDING_WINDOW -> "Quota[sliding window " + window + ", " + requests + " requests, " + tokens
                + " tokens]";
            case PROVISIONED -> "Quota[provisioned " + window + ", " + requests + " requests, " + tokens + " tokens]";
        };
    }
}
