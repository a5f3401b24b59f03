package io.github.openaipolicies.testkit.implementation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.openaipolicies.testkit.Fault;
import io.github.openaipolicies.testkit.JournalEntry;
import io.github.openaipolicies.testkit.Operation;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The simulator's behaviour, free of WireMock: turns a {@link SimulatorRequest} into a {@link SimulatorResponse} and
 * records it in the journal. Thread-safe.
 *
 * <p>Checks, in order: credentials (401), the operation (404 {@code Resource not found}), the deployment (404
 * {@code DeploymentNotFound}; for {@code /v1/...} a missing {@code model} is a 400), a pending fault, the body (400),
 * then the deployment's quota (429). Every answer carries {@code apim-request-id} (a fresh UUID) and
 * {@code x-ms-region}; every answer for a configured deployment also carries {@code x-ratelimit-remaining-requests}
 * and {@code x-ratelimit-remaining-tokens} ({@value QuotaWindow#UNLIMITED_REMAINING} for an unlimited dimension).</p>
 */
public final class SimulatorEngine {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String JSON = "application/json";
    private static final int MAX_DIMENSIONS = 3072;

    private final SimulatorSettings settings;
    private final Authenticator authenticator;
    private final Map<String, QuotaWindow> quotas = new HashMap<>();
    private final FaultQueue faults;
    private final Consumer<JournalEntry> journal;

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
        this.authenticator = new Authenticator(settings.apiKeys(), settings.bearerTokens());
        settings.deployments().forEach((name, limits) -> quotas.put(name, new QuotaWindow(limits, settings.window())));
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
        String deployment = route.operation().isOpenAIShape() ? modelOf(body) : route.pathDeployment();
        Map<String, Integer> authCounts = Map.of(
            JournalEntry.API_KEY, CredentialValues.count(request.header(JournalEntry.API_KEY)),
            JournalEntry.AUTHORIZATION, CredentialValues.count(request.header(JournalEntry.AUTHORIZATION)));
        SimulatorResponse response = decide(request, route, body, deployment, now);
        journal.accept(new JournalEntry(deployment, route.operation(), response.status(), authCounts, now,
            request.body(), request.url()));
        return response;
    }

    /**
     * Forgets every quota charge.
     */
    public void resetQuotas() {
        quotas.values().forEach(QuotaWindow::reset);
    }

    private SimulatorResponse decide(SimulatorRequest request, Route route, JsonNode body, String deployment,
                                     Instant now) {
        Operation operation = route.operation();
        boolean openAI = operation.isOpenAIShape();
        QuotaWindow quota = deployment == null ? null : quotas.get(deployment);
        Answer answer = new Answer(quota == null ? null : quota.peek(now));

        if (!authenticator.accepts(request.header(JournalEntry.API_KEY), request.header(JournalEntry.AUTHORIZATION),
            openAI)) {
            return openAI
                ? answer.error(401, ResponseBodies.openAIError("invalid_request_error", "invalid_api_key",
                    "Incorrect API key provided. You can find your API key in your account settings."))
                : answer.error(401, ResponseBodies.azureError("401", "Access denied due to invalid subscription key "
                    + "or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a "
                    + "correct regional API endpoint for your resource."));
        }
        if (operation == Operation.UNKNOWN) {
            return answer.error(404, ResponseBodies.azureError("404", "Resource not found"));
        }
        if (openAI && deployment == null) {
            return answer.error(400, ResponseBodies.openAIError("invalid_request_error", null,
                "You must provide a model parameter."));
        }
        if (quota == null) {
            return openAI
                ? answer.error(404, ResponseBodies.openAIError("invalid_request_error", "model_not_found",
                    "The model `" + deployment + "` does not exist or you do not have access to it."))
                : answer.error(404, ResponseBodies.azureError("DeploymentNotFound", "The API deployment for this "
                    + "resource does not exist. If you created the deployment within the last 5 minutes, please wait "
                    + "a moment and try again."));
        }

        Optional<Fault> fault = faults.take(deployment);
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.CONNECTION_RESET) {
            return answer.connectionReset();
        }
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.STATUS) {
            return answer.fault(fault.get(), now);
        }
        if (fault.isPresent()) {
            answer.addDelay(fault.get().delay());
        }

        Optional<String> invalid = validate(operation, body);
        if (invalid.isPresent()) {
            return answer.error(400, openAI
                ? ResponseBodies.openAIError("invalid_request_error", null, invalid.get())
                : ResponseBodies.azureError("BadRequest", invalid.get()));
        }

        int promptTokens = operation.isEmbeddings()
            ? TokenEstimator.embeddingsInput(body.get("input"))
            : TokenEstimator.chatPrompt(body);
        int charge = operation.isEmbeddings() ? promptTokens
            : promptTokens + TokenEstimator.chatCompletionBudget(body);
        QuotaDecision decision = quota.tryAcquire(now, charge);
        answer.counters(decision);
        if (!decision.admitted()) {
            return answer.throttled(operation, route.apiVersion(), deployment, decision);
        }
        return answer.ok(operation.isEmbeddings()
            ? embeddings(deployment, body, promptTokens)
            : ResponseBodies.chatCompletions(deployment, now, promptTokens));
    }

    private String embeddings(String deployment, JsonNode body, int promptTokens) {
        int dimensions = settings.embeddingDimensions();
        JsonNode requested = body.path("dimensions");
        if (requested.isInt() && requested.asInt() > 0) {
            dimensions = Math.min(requested.asInt(), MAX_DIMENSIONS);
        }
        List<float[]> vectors = new ArrayList<>();
        for (String text : embeddingTexts(body.get("input"))) {
            vectors.add(EmbeddingGenerator.embed(text, dimensions));
        }
        boolean base64 = "base64".equals(body.path("encoding_format").asText());
        return ResponseBodies.embeddings(deployment, vectors, base64, promptTokens);
    }

    private static List<String> embeddingTexts(JsonNode input) {
        if (input.isArray() && !input.isEmpty() && !input.get(0).isNumber()) {
            List<String> texts = new ArrayList<>();
            input.forEach(element -> texts.add(element.isTextual() ? element.asText() : element.toString()));
            return texts;
        }
        return List.of(input.isTextual() ? input.asText() : input.toString());
    }

    private static Optional<String> validate(Operation operation, JsonNode body) {
        if (body == null || !body.isObject()) {
            return Optional.of("The request body is not a valid JSON object.");
        }
        if (operation.isEmbeddings()) {
            JsonNode input = body.get("input");
            boolean usable = input != null && (input.isTextual() || (input.isArray() && !input.isEmpty()));
            return usable ? Optional.empty() : Optional.of("'input' is a required property: a string or a non-empty "
                + "array.");
        }
        JsonNode messages = body.get("messages");
        return messages != null && messages.isArray() && !messages.isEmpty() ? Optional.empty()
            : Optional.of("'messages' is a required property: a non-empty array.");
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
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private QuotaDecision counters;
        private Duration delay = settings.latency();

        Answer(QuotaDecision counters) {
            this.counters = counters;
        }

        void counters(QuotaDecision decision) {
            this.counters = decision;
        }

        void addDelay(Duration extra) {
            delay = delay.plus(extra);
        }

        SimulatorResponse ok(String body) {
            return respond(200, body);
        }

        SimulatorResponse error(int status, String body) {
            return respond(status, body);
        }

        SimulatorResponse throttled(Operation operation, String apiVersion, String deployment,
                                    QuotaDecision decision) {
            long seconds = ceilSeconds(decision.retryAfter());
            headers.add(Map.entry("retry-after", Long.toString(seconds)));
            headers.add(Map.entry("retry-after-ms", Long.toString(ceilMillis(decision.retryAfter()))));
            boolean requests = decision.exceeded() == QuotaDecision.Limit.REQUESTS;
            String body;
            if (operation.isOpenAIShape()) {
                body = ResponseBodies.openAIError(requests ? "requests" : "tokens", "rate_limit_exceeded",
                    "Rate limit reached for " + deployment + " on " + (requests ? "requests" : "tokens")
                        + " per window. Please try again in " + seconds + "s.");
            } else {
                body = ResponseBodies.azureError("429", "Requests to the "
                    + (operation.isEmbeddings() ? "Embeddings_Create" : "ChatCompletions_Create")
                    + " Operation under Azure OpenAI API version " + (apiVersion == null ? "(none)" : apiVersion)
                    + " have exceeded " + (requests ? "call" : "token") + " rate limit of your current OpenAI S0 "
                    + "pricing tier. Please retry after " + seconds + " seconds. Please go here: "
                    + "https://aka.ms/oai/quotaincrease if you would like to further increase the default rate "
                    + "limit.");
            }
            return respond(429, body);
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
            SimulatorResponse base = respond(fault.status(), fault.body());
            List<Map.Entry<String, String>> merged = new ArrayList<>();
            base.headers().stream()
                .filter(common -> own.stream().noneMatch(o -> o.getKey().equalsIgnoreCase(common.getKey())))
                .forEach(merged::add);
            merged.addAll(own);
            return new SimulatorResponse(base.status(), merged, base.body(), base.delay(), false);
        }

        SimulatorResponse connectionReset() {
            return new SimulatorResponse(0, List.of(), "", delay, true);
        }

        private SimulatorResponse respond(int status, String body) {
            List<Map.Entry<String, String>> all = new ArrayList<>();
            all.add(Map.entry("Content-Type", JSON));
            all.add(Map.entry("apim-request-id", UUID.randomUUID().toString()));
            all.add(Map.entry("x-ms-region", settings.region()));
            if (counters != null) {
                all.add(Map.entry("x-ratelimit-remaining-requests", Integer.toString(counters.remainingRequests())));
                all.add(Map.entry("x-ratelimit-remaining-tokens", Integer.toString(counters.remainingTokens())));
            }
            all.addAll(headers);
            return new SimulatorResponse(status, all, body, delay, false);
        }
    }

    static long ceilSeconds(Duration duration) {
        long seconds = duration.getSeconds();
        return duration.getNano() > 0 ? seconds + 1 : seconds;
    }

    static long ceilMillis(Duration duration) {
        long millis = duration.toMillis();
        return duration.minusMillis(millis).isZero() ? millis : millis + 1;
    }
}
