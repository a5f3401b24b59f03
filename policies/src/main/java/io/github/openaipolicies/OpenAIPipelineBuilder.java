// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.credential.KeyCredential;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.policy.AddDatePolicy;
import com.azure.core.http.policy.AddHeadersFromContextPolicy;
import com.azure.core.http.policy.AddHeadersPolicy;
import com.azure.core.http.policy.AzureKeyCredentialPolicy;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.HttpPolicyProviders;
import com.azure.core.http.policy.KeyCredentialPolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.util.ClientOptions;
import com.azure.core.util.Configuration;
import com.azure.core.util.CoreUtils;
import com.azure.core.util.MetricsOptions;
import com.azure.core.util.tracing.Tracer;
import io.github.openaipolicies.core.implementation.CredentialTransportRule;
import io.github.openaipolicies.gate.ThrottleGate;
import io.github.openaipolicies.implementation.KeyHeaderCredentialPolicy;
import io.github.openaipolicies.implementation.LibraryInfo;
import io.github.openaipolicies.implementation.LoopbackBearerTokenPolicy;
import io.github.openaipolicies.retry.RetryAfterOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Assembles a complete {@link HttpPipeline} for {@code OpenAIClientBuilder.pipeline(...)} (or any azure-core client
 * builder), for code that builds its pipeline by hand. Obtain one from {@link OpenAIPipelines#builder()}.
 *
 * <p>The pipeline holds, in this order (the same as {@code OpenAIClientBuilder}'s, with this library's policies in
 * place of the stock retry and logging):</p>
 * <ol>
 *     <li>{@code UserAgentPolicy} (with the {@link ClientOptions#getApplicationId() application id} of the
 *     {@link #clientOptions client options}), {@code RequestIdPolicy}, {@code AddHeadersFromContextPolicy} (headers
 *     put into the call's {@code Context} under {@code AddHeadersFromContextPolicy.AZURE_REQUEST_HTTP_HEADERS_KEY}),
 *     and {@code AddHeadersPolicy} with the client options' headers, if any;</li>
 *     <li>the policies given to {@link #addPolicy} whose position is {@link HttpPipelinePosition#PER_CALL}, then the
 *     {@code BeforeRetryPolicyProvider} policies found by azure-core's {@code HttpPolicyProviders};</li>
 *     <li>{@link RetryAfterPolicy} (every attempt below starts from a fresh copy of the request);</li>
 *     <li>{@link ThrottleGatePolicy} on the {@link #throttleGate(ThrottleGate) throttle gate} ({@link
 *     ThrottleGate#shared()} by default, none when set to null), so an attempt waits in the gate before its
 *     {@code Date} header is set and before a bearer token is fetched for it;</li>
 *     <li>{@code AddDatePolicy};</li>
 *     <li>the credential policy, if a credential was given: {@code AzureKeyCredentialPolicy} ({@code api-key}),
 *     {@code KeyCredentialPolicy} ({@code Authorization: Bearer <key>}) or {@code BearerTokenAuthenticationPolicy}
 *     (scope {@value #COGNITIVE_SERVICES_SCOPE}); with {@link #allowInsecureLoopback(boolean) allowInsecureLoopback(true)}
 *     an equivalent policy of this library that also accepts plain HTTP to loopback hosts. All of them set (never
 *     add) their header and read the credential on every attempt, so {@link AzureKeyCredential#update(String)} and
 *     token refresh take effect on the next try;</li>
 *     <li>the policies given to {@link #addPolicy} whose position is {@link HttpPipelinePosition#PER_RETRY};</li>
 *     <li>azure-core's tracing policy (a span per attempt, with the {@link #tracer tracer} or the one
 *     azure-core finds, configured by the client options' {@code TracingOptions}), then the
 *     {@code AfterRetryPolicyProvider} policies of {@code HttpPolicyProviders};</li>
 *     <li>{@link RequestLoggingPolicy};</li>
 *     <li>{@link DedupeAuthPolicy}, last, so it sees the credential headers exactly as they are sent.</li>
 * </ol>
 *
 * <p>A credential is optional: without one the pipeline has no credential policy, for callers whose own
 * {@code PER_RETRY} policy authorizes the request ({@link DedupeAuthPolicy} still guards what it writes). At most one
 * credential may be given.</p>
 *
 * <p>This builder is not thread-safe. {@link #build()} may be called several times; every call returns a new
 * pipeline with new policy instances (user policies are shared).</p>
 */
public final class OpenAIPipelineBuilder {
    /** The OAuth scope requested for a {@link TokenCredential}. */
    public static final String COGNITIVE_SERVICES_SCOPE = "https://cognitiveservices.azure.com/.default";

    private static final HttpHeaderName API_KEY = HttpHeaderName.fromString("api-key");
    private static final String BEARER = "Bearer";

    private HttpClient httpClient;
    private AzureKeyCredential azureKeyCredential;
    private KeyCredential keyCredential;
    private TokenCredential tokenCredential;
    private RetryAfterOptions retryOptions = new RetryAfterOptions();
    private RequestLoggingOptions loggingOptions = new RequestLoggingOptions();
    private ThrottleGate throttleGate = ThrottleGate.shared();
    private MetricsOptions metricsOptions;
    private final List<HttpPipelinePolicy> perCallPolicies = new ArrayList<>();
    private final List<HttpPipelinePolicy> perRetryPolicies = new ArrayList<>();
    private boolean allowInsecureLoopback;
    private ClientOptions clientOptions;
    private Tracer tracer;

    OpenAIPipelineBuilder() {
    }

    /**
     * Sets the client options, as {@code OpenAIClientBuilder.clientOptions(...)} does: the application id goes into
     * the {@code User-Agent}, the headers are set on every request, the {@code TracingOptions} configure tracing
     * (e.g. the query parameters a span may show), and {@code HttpClientOptions} configure the default transport when
     * no {@link #httpClient(HttpClient) transport} was given.
     *
     * @param clientOptions the client options, or null for none
     * @return this builder
     */
    public OpenAIPipelineBuilder clientOptions(ClientOptions clientOptions) {
        this.clientOptions = clientOptions;
        return this;
    }

    /**
     * Sets the tracer of the pipeline's tracing policy. Without one, azure-core's {@code TracerProvider} finds one
     * (e.g. {@code azure-core-tracing-opentelemetry} on the class path), as for {@code OpenAIClientBuilder}.
     *
     * @param tracer the tracer, or null to let azure-core find one
     * @return this builder
     */
    public OpenAIPipelineBuilder tracer(Tracer tracer) {
        this.tracer = tracer;
        return this;
    }

    /**
     * Sets the transport. Without one, {@link #build()} uses {@link HttpClient#createDefault()}, which needs an
     * azure-core HTTP client implementation (e.g. {@code azure-core-http-netty}) on the class path.
     *
     * @param httpClient the transport
     * @return this builder
     * @throws NullPointerException if {@code httpClient} is null
     */
    public OpenAIPipelineBuilder httpClient(HttpClient httpClient) {
        this.httpClient = Objects.requireNonNull(httpClient, "'httpClient' cannot be null.");
        return this;
    }

    /**
     * Authorizes with an Azure OpenAI key, sent as the {@code api-key} header.
     *
     * @param credential the key; {@link AzureKeyCredential#update(String)} rotates it for the next attempt
     * @return this builder
     * @throws NullPointerException if {@code credential} is null
     * @throws IllegalStateException if a credential was already given
     */
    public OpenAIPipelineBuilder credential(AzureKeyCredential credential) {
        Objects.requireNonNull(credential, "'credential' cannot be null.");
        requireNoCredential("AzureKeyCredential");
        this.azureKeyCredential = credential;
        return this;
    }

    /**
     * Authorizes with an OpenAI (api.openai.com) key, sent as {@code Authorization: Bearer <key>}.
     *
     * <p>An {@link AzureKeyCredential} passed through this overload (because the variable is typed
     * {@code KeyCredential}) is still sent as {@code api-key}, as by {@link #credential(AzureKeyCredential)}.</p>
     *
     * @param credential the key; {@link KeyCredential#update(String)} rotates it for the next attempt
     * @return this builder
     * @throws NullPointerException if {@code credential} is null
     * @throws IllegalStateException if a credential was already given
     */
    public OpenAIPipelineBuilder credential(KeyCredential credential) {
        Objects.requireNonNull(credential, "'credential' cannot be null.");
        if (credential instanceof AzureKeyCredential) {
            return credential((AzureKeyCredential) credential);
        }
        requireNoCredential("KeyCredential");
        this.keyCredential = credential;
        return this;
    }

    /**
     * Authorizes with Microsoft Entra ID tokens for scope {@value #COGNITIVE_SERVICES_SCOPE}, sent as
     * {@code Authorization: Bearer <token>}. Tokens are cached by azure-core's token cache, which renews a token from
     * 5 minutes before it expires, at most once every 30 seconds; an expired token is never sent.
     *
     * @param credential the token source, e.g. {@code DefaultAzureCredential}
     * @return this builder
     * @throws NullPointerException if {@code credential} is null
     * @throws IllegalStateException if a credential was already given
     */
    public OpenAIPipelineBuilder credential(TokenCredential credential) {
        Objects.requireNonNull(credential, "'credential' cannot be null.");
        requireNoCredential("TokenCredential");
        this.tokenCredential = credential;
        return this;
    }

    /**
     * Sets the options of the {@link RetryAfterPolicy}; they are copied when {@link #build()} runs.
     *
     * @param retryOptions the retry options
     * @return this builder
     * @throws NullPointerException if {@code retryOptions} is null
     */
    public OpenAIPipelineBuilder retryOptions(RetryAfterOptions retryOptions) {
        this.retryOptions = Objects.requireNonNull(retryOptions, "'retryOptions' cannot be null.");
        return this;
    }

    /**
     * Sets the options of the {@link RequestLoggingPolicy}.
     *
     * @param loggingOptions the logging options
     * @return this builder
     * @throws NullPointerException if {@code loggingOptions} is null
     */
    public OpenAIPipelineBuilder loggingOptions(RequestLoggingOptions loggingOptions) {
        this.loggingOptions = Objects.requireNonNull(loggingOptions, "'loggingOptions' cannot be null.");
        return this;
    }

    /**
     * Sets the throttle gate every attempt asks through a {@link ThrottleGatePolicy}, placed right after
     * {@link RetryAfterPolicy}. By default {@link ThrottleGate#shared()}, so pipelines built separately in one JVM
     * share one view of each deployment's quota.
     *
     * @param throttleGate the gate, or null for no gate policy
     * @return this builder
     */
    public OpenAIPipelineBuilder throttleGate(ThrottleGate throttleGate) {
        this.throttleGate = throttleGate;
        return this;
    }

    /**
     * Sets the metrics options of this library's policies in the pipeline ({@link RetryAfterPolicy},
     * {@link ThrottleGatePolicy}, {@link DedupeAuthPolicy}); see {@code docs/metrics.md}. By default metrics go to
     * azure-core's default {@code MeterProvider}, and cost nothing when there is none on the class path.
     * {@code setEnabled(false)} turns them off; {@link PipelineMetricsOptions} names a provider instance.
     *
     * @param metricsOptions the metrics options, or null for azure-core's defaults
     * @return this builder
     */
    public OpenAIPipelineBuilder metricsOptions(MetricsOptions metricsOptions) {
        this.metricsOptions = metricsOptions;
        return this;
    }

    /**
     * Adds a policy of your own, placed by its {@link HttpPipelinePolicy#getPipelinePosition() position}:
     * {@code PER_CALL} policies run once per call, before {@link RetryAfterPolicy}; {@code PER_RETRY} policies run on
     * every attempt, after the credential policy and before {@link RequestLoggingPolicy}. Policies of the same
     * position keep the order in which they were added.
     *
     * @param policy the policy
     * @return this builder
     * @throws NullPointerException if {@code policy} is null
     */
    public OpenAIPipelineBuilder addPolicy(HttpPipelinePolicy policy) {
        Objects.requireNonNull(policy, "'policy' cannot be null.");
        if (policy.getPipelinePosition() == HttpPipelinePosition.PER_CALL) {
            perCallPolicies.add(policy);
        } else {
            perRetryPolicies.add(policy);
        }
        return this;
    }

    /**
     * Allows sending the credential over plain HTTP to loopback hosts ({@code localhost}, {@code 127.0.0.0/8},
     * {@code [::1]}), for tests against a local server. Plain HTTP to any other host is still refused, with an
     * {@link IllegalStateException} on the call. Off by default: credentials then require HTTPS.
     *
     * @param allowInsecureLoopback whether plain HTTP to loopback hosts is allowed
     * @return this builder
     */
    public OpenAIPipelineBuilder allowInsecureLoopback(boolean allowInsecureLoopback) {
        this.allowInsecureLoopback = allowInsecureLoopback;
        return this;
    }

    /**
     * Builds the pipeline in the order given in the class description.
     *
     * @return a new pipeline
     * @throws IllegalArgumentException if the retry options are inconsistent
     */
    public HttpPipeline build() {
        List<HttpPipelinePolicy> policies = new ArrayList<>();
        policies.add(new UserAgentPolicy(CoreUtils.getApplicationId(clientOptions, null), LibraryInfo.NAME,
            LibraryInfo.VERSION, Configuration.getGlobalConfiguration()));
        policies.add(new RequestIdPolicy());
        policies.add(new AddHeadersFromContextPolicy());
        HttpHeaders headers = CoreUtils.createHttpHeadersFromClientOptions(clientOptions);
        if (headers != null) {
            policies.add(new AddHeadersPolicy(headers));
        }
        policies.addAll(perCallPolicies);
        HttpPolicyProviders.addBeforeRetryPolicies(policies);
        policies.add(new RetryAfterPolicy(retryOptions, metricsOptions));
        if (throttleGate != null) {
            policies.add(new ThrottleGatePolicy(throttleGate, metricsOptions));
        }
        policies.add(new AddDatePolicy());
        HttpPipelinePolicy credentialPolicy = credentialPolicy();
        if (credentialPolicy != null) {
            policies.add(credentialPolicy);
        }
        policies.addAll(perRetryPolicies);
        HttpPolicyProviders.addAfterRetryPolicies(policies);
        policies.add(new RequestLoggingPolicy(loggingOptions));
        policies.add(new DedupeAuthPolicy(metricsOptions));
        return new HttpPipelineBuilder()
            .httpClient(httpClient)
            .clientOptions(clientOptions)
            .tracer(tracer)
            .policies(policies.toArray(new HttpPipelinePolicy[0]))
            .build();
    }

    private HttpPipelinePolicy credentialPolicy() {
        if (allowInsecureLoopback) {
            CredentialTransportRule rule = new CredentialTransportRule(true);
            if (azureKeyCredential != null) {
                return new KeyHeaderCredentialPolicy(API_KEY, azureKeyCredential, null, rule);
            }
            if (keyCredential != null) {
                return new KeyHeaderCredentialPolicy(HttpHeaderName.AUTHORIZATION, keyCredential, BEARER, rule);
            }
            if (tokenCredential != null) {
                return new LoopbackBearerTokenPolicy(tokenCredential, rule, COGNITIVE_SERVICES_SCOPE);
            }
            return null;
        }
        if (azureKeyCredential != null) {
            return new AzureKeyCredentialPolicy(API_KEY.getCaseSensitiveName(), azureKeyCredential);
        }
        if (keyCredential != null) {
            return new KeyCredentialPolicy(HttpHeaderName.AUTHORIZATION.getCaseSensitiveName(), keyCredential,
                BEARER);
        }
        if (tokenCredential != null) {
            return new BearerTokenAuthenticationPolicy(tokenCredential, COGNITIVE_SERVICES_SCOPE);
        }
        return null;
    }

    private void requireNoCredential(String attempted) {
        String existing = azureKeyCredential != null ? "AzureKeyCredential"
            : keyCredential != null ? "KeyCredential"
            : tokenCredential != null ? "TokenCredential"
            : null;
        if (existing != null) {
            throw new IllegalStateException("OpenAIPipelineBuilder takes exactly one credential: a " + existing
                + " is already set, refusing a second one (" + attempted + "). Two credential policies would send "
                + "two credentials and the service answers 401.");
        }
    }
}
