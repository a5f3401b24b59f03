package io.github.openaipolicies.testkit.implementation;

import io.github.openaipolicies.testkit.ThrottleHeaders;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The headers and bodies of 429 answers, shared by the simulator's quota and the {@code Fault} factories.
 */
public final class ThrottleAnswers {
    /** The {@code policy-id} Azure has sent with a token-reset header. */
    public static final String TOKEN_POLICY_ID = "DeploymentRatelimit-Token";

    /** The header in which a provisioned (PTU) deployment reports its utilisation. */
    public static final String UTILIZATION_HEADER = "azure-openai-deployment-utilization";

    /** The pricing tier a provisioned deployment's 429 body names (Azure's SKU name for provisioned deployments). */
    public static final String PROVISIONED_TIER = "ProvisionedManaged";

    private ThrottleAnswers() {
    }

    /**
     * A utilisation as {@code azure-openai-deployment-utilization} carries it: one decimal and a percent sign.
     *
     * @param percent from 0 to 100
     * @return e.g. {@code 42.0%}
     */
    public static String utilization(double percent) {
        return String.format(Locale.ROOT, "%.1f%%", percent);
    }

    /**
     * The delay headers of a 429 in a style.
     *
     * @param style which headers
     * @param delay the delay to announce
     * @return the headers, in order
     */
    public static List<Map.Entry<String, String>> delayHeaders(ThrottleHeaders style, Duration delay) {
        String seconds = Long.toString(ceilSeconds(delay));
        return switch (style) {
            case RETRY_AFTER_AND_MS -> List.of(Map.entry("retry-after", seconds),
                Map.entry("retry-after-ms", Long.toString(ceilMillis(delay))));
            case RETRY_AFTER_SECONDS_ONLY -> List.of(Map.entry("retry-after", seconds));
            case RESET_TOKENS_ONLY -> List.of(Map.entry("x-ratelimit-reset-tokens", seconds),
                Map.entry("policy-id", TOKEN_POLICY_ID));
            case MISSPELT_RESET_TOKENS_ONLY -> List.of(Map.entry("x-rate-limit-reset-tokens", seconds),
                Map.entry("policy-id", TOKEN_POLICY_ID));
            case NONE -> List.of();
        };
    }

    /**
     * Azure's quota 429 body: "Requests to the ... Operation under Azure OpenAI API version ... have exceeded call
     * (or token) rate limit of your current OpenAI S0 pricing tier. Please retry after N seconds. ...".
     *
     * @param operation {@code Embeddings_Create} or {@code ChatCompletions_Create}
     * @param apiVersion the request's api-version
     * @param tokens whether the token limit (else the request limit) was hit
     * @param tier the pricing tier named, e.g. {@code OpenAI S0} or {@code AIServices S0}
     * @param delay the delay to announce
     * @return the JSON body
     */
    public static String quotaBody(String operation, String apiVersion, boolean tokens, String tier, Duration delay) {
        return ResponseBodies.azureError("429", "Requests to the " + operation + " Operation under Azure OpenAI API "
            + "version " + (apiVersion == null ? "(none)" : apiVersion) + " have exceeded " + (tokens ? "token" : "call")
            + " rate limit of your current " + tier + " pricing tier. Please retry after " + ceilSeconds(delay)
            + " seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the "
            + "default rate limit.");
    }

    /**
     * The short 429 body Azure has also sent: "Rate limit is exceeded. Try again in N seconds.".
     *
     * @param delay the delay to announce
     * @return the JSON body
     */
    public static String rateLimitIsExceededBody(Duration delay) {
        return ResponseBodies.azureError("429", "Rate limit is exceeded. Try again in " + ceilSeconds(delay)
            + " seconds.");
    }

    /**
     * A 429 body for a lack of capacity on Azure's side, unrelated to the deployment's own quota.
     *
     * @return the JSON body
     */
    public static String capacityBody() {
        return ResponseBodies.azureError("429", "The server is currently overloaded with other requests (no capacity "
            + "is available for this deployment right now, which is unrelated to your quota). Please retry later.");
    }

    /**
     * A duration in whole seconds, rounded up.
     *
     * @param duration not negative
     * @return the seconds
     */
    public static long ceilSeconds(Duration duration) {
        long seconds = duration.getSeconds();
        return duration.getNano() > 0 ? seconds + 1 : seconds;
    }

    /**
     * A duration in whole milliseconds, rounded up.
     *
     * @param duration not negative
     * @return the milliseconds
     */
    public static long ceilMillis(Duration duration) {
        long millis = duration.toMillis();
        return duration.minusMillis(millis).isZero() ? millis : millis + 1;
    }
}
