package io.github.openaipolicies.testkit.implementation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.openaipolicies.testkit.Deployment;
import io.github.openaipolicies.testkit.Fault;
import io.github.openaipolicies.testkit.JournalEntry;
import io.github.openaipolicies.testkit.Operation;
import io.github.openaipolicies.testkit.Outage;
import io.github.openaipolicies.testkit.Quota;
import io.github.openaipolicies.testkit.ThrottleHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The simulator's behaviour, free of WireMock: turns a {@link SimulatorRequest} into a {@link SimulatorResponse} and
 * records it in the journal. Thread-safe.
 *
 * <p>Checks, in order: credentials (401; a token whose principal lacks the role: 401 {@code PermissionDenied}), the
 * operation (404 {@code Resource not found}), on the Azure routes the {@code api-version} (missing: 404; unknown: 400
 * {@code API version not supported}; on the unified {@code /openai/v1/...} routes it is optional, and may also be
 * {@code v1} or {@code preview}), the deployment (404 {@code DeploymentNotFound}, {@code model_not_found} on
 * api.openai.com's shape; where the deployment is the body's {@code model}, a missing {@code model} is a 400), whether the deployment serves the operation (400 {@code OperationNotSupported}), a pending
 * fault, the body ({@link RequestValidator}: 400), then the deployment's quota (429). Every answer carries
 * {@code apim-request-id} (a fresh UUID) and {@code x-ms-region}; every answer for a deployment with a limit also
 * carries {@code x-ratelimit-remaining-requests} and/or {@code x-ratelimit-remaining-tokens} (none for an unlimited
 * dimension), and, when configured, {@code x-ratelimit-limit-*} and {@code x-ratelimit-reset-*}; a provisioned
 * deployment's answers carry {@code azure-openai-deployment-utilization} instead of all of these.</p>
 */
public final class SimulatorEngine {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String JSON = "application/json";
    private static final String EVENT_STREAM = "text/event-stream; charset=utf-8";
    private static final int MAX_DIMENSIONS = 3072;
    private static final String BEARER = "bearer ";
    /** The {@code api-version} values Azure's unified v1 API takes besides none. */
    private static final Set<String> AZURE_V1_API_VERSIONS = Set.of("v1", "preview");
    /**
     * The least length a broken-off answer declares: larger than what it sends, and above the sizes up to which
     * logging policies read a body of known length (16 KiB in azure-core), as a real stream is of unknown length.
     */
    private static final int BROKEN_OFF_DECLARED_LENGTH = 1 << 20;

    private final SimulatorSettings settings;
    private final Authenticator authenticator;
    private final Map<String, Authenticator> deploymentAuthenticators = new HashMap<>();
    private final Map<String, DeploymentQuota> quotas = new HashMap<>();
    private final FaultQueue faults;
    private final Consumer<JournalEntry> journal;
    private volatile Outage outage;

    /**
     * Creates an engine.
     *
     * @param settings the configuration
     * @param faults the pending faults (shared with the simulator that injects them)
     * @param journal where each handled request is recorded
     */
    public SimulatorEngine(SimulatorSettings settings, FaultQueue faults, Consumer<JournalEntry> journal) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.faults = Objects.requireNonNull(faults, "faults");
        this.journal = Objects.requireNonNull(journal, "journal");
        Set<String> tokens = new HashSet<>(settings.bearerTokens());
        tokens.addAll(settings.tokensWithoutRole());
        this.authenticator = new Authenticator(settings.apiKeys(), tokens);
        settings.deployments().forEach((name, deployment) -> {
            quotas.put(name, DeploymentQuota.of(deployment.quota()));
            deploymentAuthenticators.put(name, new Authenticator(
                deployment.apiKeys().isEmpty() ? settings.apiKeys() : deployment.apiKeys(),
                deployment.bearerTokens().isEmpty() ? tokens : deployment.bearerTokens()));
        });
    }

    /**
     * Answers one request and records it in the journal.
     *
     * @param request the request
     * @return the answer
     */
    public SimulatorResponse handle(SimulatorRequest request) {
        Instant now = settings.clock().instant();
        Route route = Route.of(request.method(), request.url());
        JsonNode body = parse(request.body());
        String deployment = route.operation().takesDeploymentFromModel() ? modelOf(body) : route.pathDeployment();
        Map<String, Integer> authCounts = Map.of(
            JournalEntry.API_KEY, CredentialValues.count(request.header(JournalEntry.API_KEY)),
            JournalEntry.AUTHORIZATION, CredentialValues.count(request.header(JournalEntry.AUTHORIZATION)));
        AtomicReference<Fault> played = new AtomicReference<>();
        SimulatorResponse response = decide(request, route, body, deployment, now, played);
        Duration answerTime = response.pacing() == null ? response.delay()
            : response.delay().plus(response.pacing().spread());
        journal.accept(new JournalEntry(deployment, route.operation(), response.status(), authCounts, now,
            request.body(), request.url(), answerTime, played.get()));
        return response;
    }

    /**
     * Answers every request 503 (an outage of kind {@link Outage.Kind#SERVICE_UNAVAILABLE}), or answers normally
     * again ({@code null}).
     *
     * @param outage the outage, or null
     */
    public void serviceUnavailable(Outage outage) {
        if (outage != null && outage.kind() != Outage.Kind.SERVICE_UNAVAILABLE) {
            throw new IllegalArgumentException("the engine plays SERVICE_UNAVAILABLE outages only, not " + outage);
        }
        this.outage = outage;
    }

    /**
     * Forgets every quota charge.
     */
    public void resetQuotas() {
        quotas.values().forEach(DeploymentQuota::reset);
    }

    /** Decides the answer; a fault taken from the queue is handed to {@code played}, for the journal. */
    private SimulatorResponse decide(SimulatorRequest request, Route route, JsonNode body, String deploymentName,
                                     Instant now, AtomicReference<Fault> played) {
        Outage down = outage;
        if (down != null) {
            return new Answer(null, false).unavailable(down);
        }
        Operation operation = route.operation();
        boolean openAI = operation.isOpenAIShape();
        boolean azureV1 = operation.isAzureV1Shape();
        Deployment deployment = deploymentName == null ? null : settings.deployments().get(deploymentName);
        DeploymentQuota quota = deployment == null ? null : quotas.get(deploymentName);
        Answer answer = new Answer(quota == null ? null : quota.peek(now),
            deployment != null && deployment.quota().profile() == Quota.Profile.PROVISIONED);

        Authenticator credentials = deployment == null ? authenticator : deploymentAuthenticators.get(deploymentName);
        if (!credentials.accepts(request.header(JournalEntry.API_KEY), request.header(JournalEntry.AUTHORIZATION),
            openAI)) {
            return openAI
                ? answer.error(401, ResponseBodies.openAIError("invalid_request_error", "invalid_api_key",
                    "Incorrect API key provided. You can find your API key in your account settings."))
                : answer.error(401, ResponseBodies.azureError("401", "Access denied due to invalid subscription key "
                    + "or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a "
                    + "correct regional API endpoint for your resource."));
        }
        if (!openAI && lacksRole(request.header(JournalEntry.AUTHORIZATION))) {
            return answer.error(401, ResponseBodies.azureError("PermissionDenied",
                "Principal does not have access to API/Operation."));
        }
        if (operation == Operation.UNKNOWN) {
            return answer.error(404, ResponseBodies.azureError("404", "Resource not found"));
        }
        if (!openAI && !azureV1 && route.apiVersion() == null) {
            return answer.error(404, ResponseBodies.azureError("404", "Resource not found"));
        }
        if (!openAI && route.apiVersion() != null && !acceptsApiVersion(azureV1, route.apiVersion())) {
            return answer.error(400, ResponseBodies.azureError("BadRequest", "API version not supported"));
        }
        if (operation.takesDeploymentFromModel() && deploymentName == null) {
            String message = "You must provide a model parameter.";
            return answer.error(400, openAI ? ResponseBodies.openAIError("invalid_request_error", null, message)
                : ResponseBodies.azureError("BadRequest", message));
        }
        if (deployment == null) {
            return openAI
                ? answer.error(404, ResponseBodies.openAIError("invalid_request_error", "model_not_found",
                    "The model `" + deploymentName + "` does not exist or you do not have access to it."))
                : answer.error(404, ResponseBodies.azureError("DeploymentNotFound", "The API deployment for this "
                    + "resource does not exist. If you created the deployment within the last 5 minutes, please wait "
                    + "a moment and try again."));
        }
        if (operation.isEmbeddings() ? !deployment.servesEmbeddings() : !deployment.servesChat()) {
            String message = "The " + (operation.isEmbeddings() ? "embeddings" : "chatCompletion") + " operation "
                + "does not work with the specified model, " + deployment.model() + ". Please choose different "
                + "model and try again. You can learn more about which models can be used with each operation "
                + "here: https://go.microsoft.com/fwlink/?linkid=2197993.";
            return answer.error(400, openAI
                ? ResponseBodies.openAIError("invalid_request_error", "OperationNotSupported", message)
                : ResponseBodies.azureError("OperationNotSupported", message));
        }

        Optional<Fault> fault = faults.take(deploymentName);
        fault.ifPresent(played::set);
        Fault.Kind faultKind = fault.map(Fault::kind).orElse(null);
        if (faultKind == Fault.Kind.CONNECTION_RESET) {
            return answer.connectionReset();
        }
        if (faultKind == Fault.Kind.STATUS) {
            return answer.fault(fault.get(), now);
        }
        if (faultKind == Fault.Kind.DELAY) {
            answer.addDelay(fault.get().delay());
        }

        Optional<RequestValidator.Rejection> invalid = RequestValidator.check(operation, body, deployment);
        if (invalid.isPresent()) {
            return answer.error(invalid.get().status(), invalid.get().body());
        }

        int promptTokens = operation.isEmbeddings()
            ? TokenEstimator.embeddingsInput(body.get("input"))
            : TokenEstimator.chatPrompt(body);
        int charge = operation.isEmbeddings() ? promptTokens
            : promptTokens + TokenEstimator.chatCompletionBudget(body);
        QuotaDecision decision = quota.tryAcquire(now, charge);
        answer.counters(decision);
        if (!decision.admitted()) {
            return answer.throttled(operation, route.apiVersion(), deployment.model(), decision);
        }
        boolean breakOff = faultKind == Fault.Kind.BREAK_OFF;
        boolean truncated = faultKind == Fault.Kind.TRUNCATED_BODY;
        if (operation.isEmbeddings()) {
            return answer.ok(embeddings(deployment.model(), body, promptTokens), breakOff, truncated);
        }
        boolean filtered = faultKind == Fault.Kind.CONTENT_FILTERED_COMPLETION;
        if (body.path("stream").asBoolean(false)) {
            return answer.stream(ResponseBodies.chatCompletionEvents(deployment.model(), now, filtered), breakOff);
        }
        return answer.ok(ResponseBodies.chatCompletions(deployment.model(), now, promptTokens, filtered), breakOff,
            truncated);
    }

    private boolean acceptsApiVersion(boolean azureV1, String apiVersion) {
        return settings.apiVersions().contains(apiVersion) || (azureV1 && AZURE_V1_API_VERSIONS.contains(apiVersion));
    }

    private boolean lacksRole(List<String> authorizationLines) {
        List<String> values = CredentialValues.split(authorizationLines);
        if (values.size() != 1 || !values.get(0).toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return false;
        }
        return settings.tokensWithoutRole().contains(values.get(0).substring(BEARER.length()).trim());
    }

    private String embeddings(String model, JsonNode body, int promptTokens) {
        int dimensions = settings.embeddingDimensions();
        JsonNode requested = body.path("dimensions");
        if (requested.isInt() && requested.asInt() > 0) {
            dimensions = Math.min(requested.asInt(), MAX_DIMENSIONS);
        }
        List<float[]> vectors = new ArrayList<>();
        for (JsonNode input : RequestValidator.inputs(body.get("input"))) {
            vectors.add(EmbeddingGenerator.embed(input.isTextual() ? input.asText() : input.toString(), dimensions));
        }
        boolean base64 = "base64".equals(body.path("encoding_format").asText());
        return ResponseBodies.embeddings(model, vectors, base64, promptTokens);
    }

    private static JsonNode parse(String body) {
        if (body.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String modelOf(JsonNode body) {
        JsonNode model = body == null ? null : body.get("model");
        return model != null && model.isTextual() && !model.asText().isBlank() ? model.asText() : null;
    }

    /** Collects the headers and delay of one answer. */
    private final class Answer {
        private QuotaDecision counters;
        private final boolean provisioned;
        private Duration delay = settings.latency().next();

        Answer(QuotaDecision counters, boolean provisioned) {
            this.counters = counters;
            this.provisioned = provisioned;
        }

        void counters(QuotaDecision decision) {
            this.counters = decision;
        }

        void addDelay(Duration extra) {
            delay = delay.plus(extra);
        }

        SimulatorResponse ok(String body, boolean breakOff, boolean truncated) {
            if (truncated) {
                return respond(200, JSON, body.substring(0, body.length() / 2), List.of(), null);
            }
            if (!breakOff) {
                return respond(200, JSON, body, List.of(), null);
            }
            return respond(200, JSON, body.substring(0, body.length() / 2), List.of(),
                new SimulatorResponse.Pacing(1, Duration.ZERO, declaredLength(body)));
        }

        SimulatorResponse stream(List<String> events, boolean breakOff) {
            String whole = String.join("", events);
            if (!breakOff) {
                return respond(200, EVENT_STREAM, whole, List.of(),
                    new SimulatorResponse.Pacing(settings.streamChunks(), settings.streamSpread(), -1));
            }
            String firstHalf = String.join("", events.subList(0, events.size() / 2));
            return respond(200, EVENT_STREAM, firstHalf, List.of(), new SimulatorResponse.Pacing(
                Math.min(settings.streamChunks(), firstHalf.length()), settings.streamSpread(), declaredLength(whole)));
        }

        private static int declaredLength(String whole) {
            return Math.max(BROKEN_OFF_DECLARED_LENGTH, whole.getBytes(StandardCharsets.UTF_8).length);
        }

        SimulatorResponse error(int status, String body) {
            return respond(status, JSON, body, List.of(), null);
        }

        SimulatorResponse throttled(Operation operation, String apiVersion, String model, QuotaDecision decision) {
            List<Map.Entry<String, String>> own = ThrottleAnswers.delayHeaders(
                provisioned ? ThrottleHeaders.RETRY_AFTER_AND_MS : settings.throttleHeaders(), decision.retryAfter());
            boolean requests = decision.exceeded() == QuotaDecision.Limit.REQUESTS;
            String body;
            if (operation.isOpenAIShape()) {
                body = ResponseBodies.openAIError(requests ? "requests" : "tokens", "rate_limit_exceeded",
                    "Rate limit reached for " + model + " on " + (requests ? "requests" : "tokens")
                        + " per window. Please try again in " + ThrottleAnswers.ceilSeconds(decision.retryAfter())
                        + "s.");
            } else {
                body = ThrottleAnswers.quotaBody(operation.isEmbeddings() ? "Embeddings_Create"
                    : "ChatCompletions_Create", apiVersion == null && operation.isAzureV1Shape() ? "v1" : apiVersion,
                    !requests, provisioned ? ThrottleAnswers.PROVISIONED_TIER : "OpenAI S0", decision.retryAfter());
            }
            return respond(429, JSON, body, own, null);
        }

        /** An HTTP-date has whole seconds: round up, so the date never announces less than the fault's delay. */
        private static Instant wholeSecondNotBefore(Instant instant) {
            Instant truncated = instant.truncatedTo(ChronoUnit.SECONDS);
            return truncated.equals(instant) ? instant : truncated.plusSeconds(1);
        }

        SimulatorResponse fault(Fault fault, Instant now) {
            List<Map.Entry<String, String>> own = new ArrayList<>(fault.headers());
            if (fault.httpDateRetryAfter() != null) {
                own.add(Map.entry("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    wholeSecondNotBefore(now.plus(fault.httpDateRetryAfter())).atOffset(ZoneOffset.UTC))));
            }
            return respond(fault.status(), JSON, fault.body(), own, null);
        }

        SimulatorResponse unavailable(Outage down) {
            List<Map.Entry<String, String>> own = down.retryAfter()
                .map(delay -> ThrottleAnswers.delayHeaders(ThrottleHeaders.RETRY_AFTER_AND_MS, delay))
                .orElse(List.of());
            return respond(503, JSON, ResponseBodies.azureError("503", "The service is temporarily unable to process "
                + "your request. Please try again later."), own, null);
        }

        SimulatorResponse connectionReset() {
            return new SimulatorResponse(0, List.of(), "", delay, true);
        }

        /** The common headers, then {@code own}; an own header replaces a common one of the same name. */
        private SimulatorResponse respond(int status, String contentType, String body,
                                          List<Map.Entry<String, String>> own, SimulatorResponse.Pacing pacing) {
            List<Map.Entry<String, String>> common = new ArrayList<>();
            common.add(Map.entry("Content-Type", contentType));
            common.add(Map.entry("apim-request-id", UUID.randomUUID().toString()));
            common.add(Map.entry("x-ms-region", settings.region()));
            if (counters != null) {
                addCounters(common);
            }
            List<Map.Entry<String, String>> all = new ArrayList<>();
            common.stream()
                .filter(header -> own.stream().noneMatch(o -> o.getKey().equalsIgnoreCase(header.getKey())))
                .forEach(all::add);
            all.addAll(own);
            return new SimulatorResponse(status, all, body, delay, false, pacing);
        }

        private void addCounters(List<Map.Entry<String, String>> headers) {
            if (provisioned) {
                headers.add(Map.entry(ThrottleAnswers.UTILIZATION_HEADER,
                    ThrottleAnswers.utilization(counters.utilizationPercent())));
                return;
            }
            if (counters.requestsLimited() && settings.remainingHeaders()) {
                headers.add(Map.entry("x-ratelimit-remaining-requests", Integer.toString(counters.remainingRequests())));
            }
            if (counters.tokensLimited() && settings.remainingHeaders()) {
                headers.add(Map.entry("x-ratelimit-remaining-tokens", Integer.toString(counters.remainingTokens())));
            }
            if (!settings.limitHeaders()) {
                return;
            }
            if (counters.requestsLimited()) {
                headers.add(Map.entry("x-ratelimit-limit-requests", Integer.toString(counters.requestLimit())));
                headers.add(Map.entry("x-ratelimit-reset-requests",
                    Long.toString(ThrottleAnswers.ceilSeconds(counters.resetRequests()))));
            }
            if (counters.tokensLimited()) {
                headers.add(Map.entry("x-ratelimit-limit-tokens", Integer.toString(counters.tokenLimit())));
                headers.add(Map.entry("x-ratelimit-reset-tokens",
                    Long.toString(ThrottleAnswers.ceilSeconds(counters.resetTokens()))));
            }
        }
    }
}
