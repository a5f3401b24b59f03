package io.github.openaipolicies.testkit;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One deployment the simulator serves: its name, the model behind it and its quota. Immutable.
 *
 * <p>A deployment made with {@link #embeddings(String, String)} serves only embeddings, one made with
 * {@link #chat(String, String)} only chat completions (as on Azure, the other operation is a 400
 * {@code OperationNotSupported}); answers name the model in {@code model}. Whether a request may set
 * {@code dimensions} follows from the model: {@code text-embedding-3-*} take it, {@code text-embedding-ada-002} (and
 * every other model) does not. A deployment made with {@link #of(String)} has no model: it serves both operations,
 * takes {@code dimensions}, and reports its own name as the model (a convenience Azure does not offer).</p>
 *
 * <p>A deployment accepts the simulator's credentials ({@code AzureOpenAISimulator.Builder#apiKeys} and
 * {@code #bearerTokens}) unless it names its own with {@link #withApiKeys(String...)} or
 * {@link #withBearerTokens(String...)}: then a request to it must carry one of its own, and any other value, the
 * simulator's included, is answered 401. This lets one simulator play several backends that each hold their own
 * credential (on Azure a key belongs to a resource, not to a deployment: several simulators, one per endpoint, are
 * the faithful model of several resources).</p>
 */
public final class Deployment {
    private final String name;
    private final String model;
    private final boolean embeddings;
    private final boolean chat;
    private final Quota quota;
    private final Set<String> apiKeys;
    private final Set<String> bearerTokens;

    private Deployment(String name, String model, boolean embeddings, boolean chat, Quota quota) {
        this(name, model, embeddings, chat, quota, Set.of(), Set.of());
    }

    private Deployment(String name, String model, boolean embeddings, boolean chat, Quota quota, Set<String> apiKeys,
                       Set<String> bearerTokens) {
        this.name = name;
        this.model = model;
        this.embeddings = embeddings;
        this.chat = chat;
        this.quota = quota;
        this.apiKeys = apiKeys;
        this.bearerTokens = bearerTokens;
    }

    /**
     * A deployment without a model that serves both operations, without limits.
     *
     * @param name the deployment name, not blank
     * @return the deployment
     */
    public static Deployment of(String name) {
        return new Deployment(requireName(name), null, true, true, Quota.unlimited());
    }

    /**
     * An embeddings-only deployment of a model, without limits.
     *
     * @param name the deployment name, not blank
     * @param model the model, e.g. {@code text-embedding-3-small} or {@code text-embedding-ada-002}
     * @return the deployment
     */
    public static Deployment embeddings(String name, String model) {
        return new Deployment(requireName(name), requireModel(model), true, false, Quota.unlimited());
    }

    /**
     * A chat-only deployment of a model, without limits.
     *
     * @param name the deployment name, not blank
     * @param model the model, e.g. {@code gpt-4o}
     * @return the deployment
     */
    public static Deployment chat(String name, String model) {
        return new Deployment(requireName(name), requireModel(model), false, true, Quota.unlimited());
    }

    /**
     * A copy with another quota.
     *
     * @param quota the quota, e.g. {@code Quota.azure(30_000)}
     * @return the new deployment
     */
    public Deployment withQuota(Quota quota) {
        return new Deployment(name, model, embeddings, chat, Objects.requireNonNull(quota, "quota"), apiKeys,
            bearerTokens);
    }

    /**
     * A copy that accepts only these keys in {@code api-key} (instead of the simulator's): a request to this
     * deployment with any other key is answered 401. Bearer tokens are unaffected (see
     * {@link #withBearerTokens(String...)}).
     *
     * @param keys at least one key, none blank or containing a comma
     * @return the new deployment
     */
    public Deployment withApiKeys(String... keys) {
        return new Deployment(name, model, embeddings, chat, quota, Set.copyOf(credentials(keys, "keys")), bearerTokens);
    }

    /**
     * A copy that accepts only these tokens in {@code Authorization: Bearer} (instead of the simulator's): a request
     * to this deployment with any other token is answered 401. Keys are unaffected (see
     * {@link #withApiKeys(String...)}).
     *
     * @param tokens at least one token, none blank or containing a comma
     * @return the new deployment
     */
    public Deployment withBearerTokens(String... tokens) {
        return new Deployment(name, model, embeddings, chat, quota, apiKeys, Set.copyOf(credentials(tokens, "tokens")));
    }

    /**
     * The keys this deployment accepts instead of the simulator's.
     *
     * @return the keys; empty when it accepts the simulator's
     */
    public Set<String> apiKeys() {
        return apiKeys;
    }

    /**
     * The bearer tokens this deployment accepts instead of the simulator's.
     *
     * @return the tokens; empty when it accepts the simulator's
     */
    public Set<String> bearerTokens() {
        return bearerTokens;
    }

    /**
     * A copy with the Azure quota of {@code tokensPerMinute} TPM; same as {@code withQuota(Quota.azure(tpm))}.
     *
     * @param tokensPerMinute the TPM, at least 1,000
     * @return the new deployment
     */
    public Deployment withTokensPerMinute(int tokensPerMinute) {
        return withQuota(Quota.azure(tokensPerMinute));
    }

    /**
     * The deployment name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The model reported in answers: the configured model, or the deployment name when none is.
     *
     * @return the model
     */
    public String model() {
        return model == null ? name : model;
    }

    /**
     * Whether the deployment serves embeddings.
     *
     * @return true for embeddings-only deployments and those without a model
     */
    public boolean servesEmbeddings() {
        return embeddings;
    }

    /**
     * Whether the deployment serves chat completions.
     *
     * @return true for chat-only deployments and those without a model
     */
    public boolean servesChat() {
        return chat;
    }

    /**
     * Whether an embeddings request may set {@code dimensions}.
     *
     * @return true without a model and for {@code text-embedding-3-*}
     */
    public boolean supportsDimensions() {
        return model == null || model.toLowerCase(Locale.ROOT).startsWith("text-embedding-3");
    }

    /**
     * The quota.
     *
     * @return the quota
     */
    public Quota quota() {
        return quota;
    }

    @Override
    public String toString() {
        return "Deployment[" + name + ", model " + model() + ", " + quota + "]";
    }

    private static String requireName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("deployment name must not be blank");
        }
        return name;
    }

    /** The values of a credential option, validated (at least one, none blank, none with a comma), in their order. */
    static Set<String> credentials(String[] values, String name) {
        Objects.requireNonNull(values, name);
        if (values.length == 0) {
            throw new IllegalArgumentException(name + " must name at least one value");
        }
        Set<String> copy = new LinkedHashSet<>();
        for (String value : values) {
            Objects.requireNonNull(value, name + " must not contain null");
            if (value.isBlank() || value.contains(",")) {
                throw new IllegalArgumentException(name + " must not contain a blank value or a comma");
            }
            copy.add(value);
        }
        return copy;
    }

    private static String requireModel(String model) {
        Objects.requireNonNull(model, "model");
        if (model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
        return model;
    }
}
