// Licensed under the MIT License.
package io.github.openaipolicies.it;

import com.azure.ai.openai.models.Embeddings;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.http.rest.RequestOptions;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.openai.client.okhttp.OkHttpClient;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.github.openaipolicies.gate.ThrottleGateTimeoutException;
import io.github.openaipolicies.it.support.ChaosFault;
import io.github.openaipolicies.it.support.ChaosPlan;
import io.github.openaipolicies.it.support.ClientWiring;
import io.github.openaipolicies.it.support.CountingOpenAIJavaHttpClient;
import io.github.openaipolicies.it.support.Construction;
import io.github.openaipolicies.it.support.CountingHttpClient;
import io.github.openaipolicies.it.support.GateTimeouts;
import io.github.openaipolicies.it.support.SoakClients;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.Fault;
import io.github.openaipolicies.testkit.HttpClientKind;
import io.github.openaipolicies.testkit.JournalEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chaos soak: {@value #CALLS} embeddings calls, {@value #IN_FLIGHT} at a time, spread over {@code install},
 * {@code builder()} and {@code harden} (azure-ai-openai) and openai-java over {@code OpenAIJavaPolicies.wrap} on both
 * Azure URL shapes, sync and async, with the shared throttle gate on and off, against the
 * simulator playing a seeded mix of every {@link ChaosFault}. Each call carries a marker in its input, so its attempts
 * can be found in the simulator's journal; the properties are checked call by call against that journal, and every
 * {@code ThrottleGateTimeoutException} against the hold that caused it ({@link GateTimeouts}: the wait it names, the
 * call's remaining budget, a 429 of a gated call that started the hold). It also counts the responses the transport
 * handed out and closed, and the live threads before and after.
 *
 * <p>Replay a run with {@code -Dsoak.seed=<seed>} (the seed is printed first). Runs alone ({@link Isolated}) so the
 * thread count is its own.</p>
 */
@Isolated
class ChaosSoakTest {
    private static final int CALLS = 2_000;
    private static final int IN_FLIGHT = 64;
    /** Queue slots: about one and a half per call (first attempts plus retries). */
    private static final int SLOTS = CALLS * 3 / 2;
    /** Each fault kind must have been played at least this often (the storm: at least {@link #MIN_STORM}). */
    private static final int MIN_PLAYS = 10;
    private static final int MIN_STORM = ChaosFault.STORM_LENGTH - 20;
    /**
     * A call may end this long after its {@code RetryAfterOptions} timeout: its last attempt may start just before
     * the deadline and last up to the client's response timeout (1 s), plus 2 s of scheduling slack on a shared
     * 2-core machine (runs so far ended at most 1.7 s past the timeout).
     */
    private static final Duration END_MARGIN = ChaosFault.CLIENT_TIMEOUT.plusSeconds(2);
    /** Clock slack when comparing arrival times with a server-requested delay. */
    private static final Duration CLOCK_TOLERANCE = Duration.ofMillis(5);
    /** The least backoff between two attempts: 0.8 times the base delay. */
    private static final Duration LEAST_BACKOFF = SoakClients.RETRY.getBaseDelay().multipliedBy(8).dividedBy(10);
    private static final int THREAD_TOLERANCE = 4;
    private static final String DEPLOYMENT = AzureOpenAISimulator.DEFAULT_DEPLOYMENT;
    private static final Pattern MARKER = Pattern.compile("(soak|warm) call (\\d+) ");

    /** Collects the violations of each property, so one run reports every property it breaks. */
    private static final class Violations {
        private final long seed;
        private final Map<String, List<String>> byProperty = new java.util.LinkedHashMap<>();

        Violations(long seed) {
            this.seed = seed;
        }

        void check(String property, Runnable assertion) {
            try {
                assertion.run();
            } catch (AssertionError | org.awaitility.core.ConditionTimeoutException e) {
                byProperty.computeIfAbsent(property, k -> new ArrayList<>()).add(e.getMessage());
            }
        }

        void assertNone() {
            StringBuilder report = new StringBuilder();
            byProperty.forEach((property, failures) -> report.append("\n- ").append(property).append(": ")
                .append(failures.size()).append(" violation(s), first: ").append(failures.get(0)));
            assertThat(byProperty).as("properties violated (seed %d, replay with -Dsoak.seed=%d):%s", seed, seed,
                report).isEmpty();
        }
    }

    private record Settings(Construction construction, boolean gate, boolean async) {
    }

    /** How a call ended: {@code embeddings} is the number of embeddings it returned, or -1 when it failed. */
    private record Outcome(int call, Settings settings, Instant startedAt, Instant endedAt, Duration took,
        int embeddings, Throwable error) {
    }

    @Test
    void everyCallEndsInTimeWithItsLastAttemptsOutcomeAndNothingLeaks() {
        long seed = Long.getLong("soak.seed", new SplittableRandom().nextLong());
        System.out.println("ChaosSoakTest seed " + seed + " (replay: -Dsoak.seed=" + seed + ")");
        try (AzureOpenAISimulator simulator = AzureOpenAISimulator.builder().start()) {
            CountingHttpClient transport = new CountingHttpClient(simulator.httpClient(HttpClientKind.NETTY),
                ChaosSoakTest::callOf);
            // A fixed dispatcher pool, started in full before the baseline: OkHttp's default one keeps a thread
            // per peak call alive for a minute, which the thread count would take for a leak.
            ThreadPoolExecutor dispatcher = new ThreadPoolExecutor(IN_FLIGHT, IN_FLIGHT, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), ChaosSoakTest::dispatcherThread);
            dispatcher.prestartAllCoreThreads();
            CountingOpenAIJavaHttpClient openAIJavaTransport = new CountingOpenAIJavaHttpClient(
                OkHttpClient.builder().sslSocketFactory(simulator.sslContext().getSocketFactory())
                    .trustManager(simulator.trustManager()).dispatcherExecutorService(dispatcher).build(),
                ChaosSoakTest::callOfBody);
            SoakClients clients = new SoakClients(simulator, transport, openAIJavaTransport);
            try {
                soak(simulator, transport, openAIJavaTransport, clients, seed);
            } finally {
                clients.close();
                dispatcher.shutdownNow();
            }
        }
    }

    private static void soak(AzureOpenAISimulator simulator, CountingHttpClient transport,
        CountingOpenAIJavaHttpClient openAIJavaTransport, SoakClients clients, long seed) {
        Scheduler syncThreads = Schedulers.newBoundedElastic(IN_FLIGHT, Integer.MAX_VALUE, "soak-sync");
        warmUp(simulator, clients, syncThreads);
        int baselineThreads = liveThreads();
        simulator.reset();

        ChaosPlan plan = ChaosPlan.queue(seed, SLOTS, simulator);
        SplittableRandom random = new SplittableRandom(seed);
        Construction[] constructions = Construction.values();
        List<Settings> settings = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            settings.add(new Settings(constructions[random.nextInt(constructions.length)], random.nextBoolean(),
                random.nextBoolean()));
        }
        long started = System.nanoTime();
        List<Outcome> outcomes = run(clients, settings, syncThreads, "soak");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        syncThreads.dispose();

        Map<Integer, List<JournalEntry>> attempts = attemptsByCall(simulator.journal().entries());
        Map<ChaosFault, Integer> played = played(plan, simulator.journal().entries());
        report(seed, elapsed, outcomes, played, transport, openAIJavaTransport);

        assertThat(outcomes).hasSize(CALLS);
        Violations violations = new Violations(seed);
        GateTimeouts gateTimeouts = new GateTimeouts(throttledGatedCalls(simulator.journal().entries(),
            outcomes), SoakClients.RETRY.getTimeout(), SoakClients.RETRY.getMaxRetryAfter());
        for (Outcome outcome : outcomes) {
            List<JournalEntry> tries = attempts.getOrDefault(outcome.call(), List.of());
            String call = "call " + outcome.call() + " " + outcome.settings() + " "
                + tries.stream().map(t -> describe(t, plan)).toList() + " error " + outcome.error();
            violations.check("ends within its timeout plus " + END_MARGIN, () -> endsInTime(outcome, call));
            violations.check("succeeds exactly when its last attempt got a complete 200, else fails with its "
                + "error", () -> matchesItsLastAttempt(outcome, tries, plan, call));
            violations.check("no attempt before the server allowed, none back to back",
                () -> neverEarlierThanAllowed(tries, plan, call));
            if (outcome.error() instanceof ThrottleGateTimeoutException timeout) {
                violations.check("every gate time-out is justified by a hold a 429 started and by the call's "
                    + "remaining budget", () -> gateTimeouts.check(timeout, outcome.settings().gate(),
                    outcome.startedAt(), outcome.endedAt(), tries, call));
            }
        }
        System.out.println("ChaosSoakTest " + gateTimeouts.summary());
        for (JournalEntry entry : simulator.journal().entries()) {
            violations.check("every attempt carried exactly one credential value",
                () -> assertThat(entry.apiKeyValueCount() + entry.authorizationValueCount())
                    .as("credential values of %s", entry.body()).isEqualTo(1));
        }
        for (ChaosFault kind : ChaosFault.values()) {
            violations.check("every fault kind played often enough",
                () -> assertThat(played.getOrDefault(kind, 0)).as("plays of %s", kind)
                    .isGreaterThanOrEqualTo(kind == ChaosFault.THROTTLE_STORM ? MIN_STORM : MIN_PLAYS));
        }
        violations.check("the storm lasts several windows",
            () -> stormSpansSeveralWindows(plan, simulator.journal().entries()));
        violations.check("every response the pipeline discarded is closed, and every last one closed or read",
            () -> await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(transport.unreleased()).isEmpty()));
        violations.check("every response the openai-java wrapper discarded is closed, and every last one closed "
            + "or read", () -> await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(openAIJavaTransport.unreleased()).isEmpty()));
        violations.check("the live thread count returns to its baseline " + baselineThreads,
            () -> await().atMost(Duration.ofSeconds(20))
                .until(() -> liveThreads() <= baselineThreads + THREAD_TOLERANCE));
        violations.assertNone();
    }

    private static Thread dispatcherThread(Runnable runnable) {
        Thread thread = new Thread(runnable, "soak-okhttp-dispatcher");
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Runs calls through every client while faults of every kind play, so the threads and connections a run needs
     * exist before the baseline is taken.
     */
    private static void warmUp(AzureOpenAISimulator simulator, SoakClients clients, Scheduler syncThreads) {
        simulator.injectFault(Fault.tooManyRequests(Duration.ofMillis(20)), IN_FLIGHT);
        simulator.injectFault(Fault.delay(Duration.ofMillis(50)), IN_FLIGHT);
        List<Settings> settings = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT * 2; i++) {
            settings.add(new Settings(Construction.values()[i % Construction.values().length], i % 2 == 0,
                (i / 2) % 2 == 0));
        }
        run(clients, settings, syncThreads, "warm");
    }

    private static List<Outcome> run(SoakClients clients, List<Settings> settings, Scheduler syncThreads,
        String label) {
        return Flux.range(0, settings.size())
            .flatMap(i -> call(clients, label, i, settings.get(i), syncThreads), IN_FLIGHT)
            .collectList()
            .block(Duration.ofMinutes(3));
    }

    private static Mono<Outcome> call(SoakClients clients, String label, int call, Settings settings,
        Scheduler syncThreads) {
        String input = label + " call " + call + " ";
        BinaryData body = BinaryData.fromObject(new EmbeddingsOptions(List.of(input)));
        RequestOptions options = new RequestOptions()
            .setContext(new Context("azure-response-timeout", ChaosFault.CLIENT_TIMEOUT));
        EmbeddingCreateParams params = EmbeddingCreateParams.builder().model(DEPLOYMENT).input(input).build();
        return Mono.defer(() -> {
            long start = System.nanoTime();
            Instant startedAt = Instant.now();
            Mono<Integer> embeddings;
            if (settings.construction().isOpenAIJava()) {
                com.openai.client.OpenAIClient client = clients.openAIJava(settings.construction(), settings.gate());
                embeddings = settings.async()
                    ? Mono.fromFuture(() -> client.async().embeddings().create(params))
                        .onErrorMap(CompletionException.class, e -> e.getCause() == null ? e : e.getCause())
                        .map(response -> response.data().size())
                    : Mono.fromCallable(() -> client.embeddings().create(params).data().size())
                        .subscribeOn(syncThreads);
            } else {
                embeddings = settings.async()
                    ? clients.async(settings.construction(), settings.gate())
                        .getEmbeddingsWithResponse(DEPLOYMENT, body, options)
                        .map(response -> response.getValue().toObject(Embeddings.class).getData().size())
                    : Mono.fromCallable(() -> clients.sync(settings.construction(), settings.gate())
                        .getEmbeddingsWithResponse(DEPLOYMENT, body, options).getValue().toObject(Embeddings.class)
                        .getData().size())
                        .subscribeOn(syncThreads);
            }
            return embeddings
                .map(value -> new Outcome(call, settings, startedAt, Instant.now(), since(start), value, null))
                .onErrorResume(error -> Mono.just(new Outcome(call, settings, startedAt, Instant.now(),
                    since(start), -1, error)));
        });
    }

    private static void endsInTime(Outcome outcome, String call) {
        assertThat(outcome.took()).as("%s ends within its timeout plus %s", call, END_MARGIN)
            .isLessThanOrEqualTo(SoakClients.RETRY.getTimeout().plus(END_MARGIN));
    }

    private static void matchesItsLastAttempt(Outcome outcome, List<JournalEntry> tries, ChaosPlan plan,
        String call) {
        JournalEntry last = tries.isEmpty() ? null : tries.get(tries.size() - 1);
        boolean complete200 = last != null && last.status() == 200
            && plan.kindOf(last).map(kind -> !kind.spoilsA200()).orElse(true);
        if (outcome.error() == null) {
            assertThat(complete200).as("%s succeeded, so its last attempt got a complete 200: %s", call,
                describe(last, plan)).isTrue();
            assertThat(outcome.embeddings()).as("%s: its one embedding", call).isEqualTo(1);
            return;
        }
        Throwable error = outcome.error();
        assertThat(complete200).as("%s failed (%s) although its last attempt got a complete 200", call, error)
            .isFalse();
        if (error instanceof ThrottleGateTimeoutException) {
            // GateTimeouts checks it against the hold that caused it.
            return;
        }
        assertThat(last).as("%s failed with %s without any attempt", call, error).isNotNull();
        if (last.status() >= 400) {
            assertThat(ClientWiring.statusOf(error)).as("%s fails (%s) with the status of its last attempt, %s", call,
                error, describe(last, plan)).hasValue(last.status());
        } else {
            assertThat(error).as("%s fails with the I/O error of its last attempt, %s", call, describe(last, plan))
                .satisfies(e -> assertThat(ClientWiring.statusOf(e)).as("status of %s", e).isEmpty())
                .satisfies(e -> assertThat(causes(e)).anyMatch(cause -> cause instanceof IOException
                    || cause instanceof TimeoutException));
        }
    }

    private static void neverEarlierThanAllowed(List<JournalEntry> tries, ChaosPlan plan, String call) {
        for (int i = 1; i < tries.size(); i++) {
            JournalEntry previous = tries.get(i - 1);
            JournalEntry next = tries.get(i);
            Optional<ChaosFault> kind = plan.kindOf(previous);
            Duration allowed = previous.status() == 429 && kind.isPresent()
                ? kind.get().allowed(previous.fault(), previous) : Duration.ZERO;
            Instant earliest = previous.arrivedAt().plus(allowed).minus(CLOCK_TOLERANCE);
            assertThat(next.arrivedAt()).as("%s: attempt %d went out before the server allowed (%s after %s)",
                call, i + 1, allowed, describe(previous, plan)).isAfterOrEqualTo(earliest);
            assertThat(Duration.between(previous.arrivedAt(), next.arrivedAt()))
                .as("%s: attempt %d went out back to back after %s", call, i + 1, describe(previous, plan))
                .isGreaterThanOrEqualTo(LEAST_BACKOFF.minus(CLOCK_TOLERANCE));
        }
    }

    private static void stormSpansSeveralWindows(ChaosPlan plan, List<JournalEntry> entries) {
        List<Instant> storm = entries.stream()
            .filter(entry -> plan.kindOf(entry).filter(kind -> kind == ChaosFault.THROTTLE_STORM).isPresent())
            .map(JournalEntry::arrivedAt).sorted().toList();
        Duration span = Duration.between(storm.get(0), storm.get(storm.size() - 1));
        System.out.println("ChaosSoakTest throttle storm: " + storm.size() + " 429s over " + span.toMillis() + " ms");
        assertThat(span).as("the storm lasts several of its windows").isGreaterThanOrEqualTo(
            ChaosFault.STORM_WINDOW.multipliedBy(3));
    }

    private static Map<Integer, List<JournalEntry>> attemptsByCall(List<JournalEntry> entries) {
        Map<Integer, List<JournalEntry>> byCall = new HashMap<>();
        for (JournalEntry entry : entries) {
            Matcher matcher = MARKER.matcher(entry.body());
            if (matcher.find() && matcher.group(1).equals("soak")) {
                byCall.computeIfAbsent(Integer.parseInt(matcher.group(2)), k -> new ArrayList<>()).add(entry);
            }
        }
        byCall.values().forEach(list -> list.sort((a, b) -> a.arrivedAt().compareTo(b.arrivedAt())));
        return byCall;
    }

    /** The arrival times of the 429s answered to calls through a gate: only those can start a hold. */
    private static List<Instant> throttledGatedCalls(List<JournalEntry> entries, List<Outcome> outcomes) {
        Map<Integer, Boolean> gated = new HashMap<>();
        outcomes.forEach(outcome -> gated.put(outcome.call(), outcome.settings().gate()));
        List<Instant> arrivals = new ArrayList<>();
        for (JournalEntry entry : entries) {
            Matcher matcher = MARKER.matcher(entry.body());
            if (entry.status() == 429 && matcher.find() && matcher.group(1).equals("soak")
                && gated.getOrDefault(Integer.parseInt(matcher.group(2)), false)) {
                arrivals.add(entry.arrivedAt());
            }
        }
        arrivals.sort(Instant::compareTo);
        return arrivals;
    }

    private static Map<ChaosFault, Integer> played(ChaosPlan plan, List<JournalEntry> entries) {
        Map<ChaosFault, Integer> played = new EnumMap<>(ChaosFault.class);
        entries.forEach(entry -> plan.kindOf(entry).ifPresent(kind -> played.merge(kind, 1, Integer::sum)));
        return played;
    }

    private static void report(long seed, Duration elapsed, List<Outcome> outcomes, Map<ChaosFault, Integer> played,
        CountingHttpClient transport, CountingOpenAIJavaHttpClient openAIJavaTransport) {
        long failed = outcomes.stream().filter(outcome -> outcome.error() != null).count();
        Map<String, Long> errors = new java.util.TreeMap<>(outcomes.stream().filter(outcome -> outcome.error() != null)
            .collect(java.util.stream.Collectors.groupingBy(outcome -> outcome.error().getClass().getSimpleName()
                + ClientWiring.statusOf(outcome.error()).stream().mapToObj(String::valueOf).findFirst().orElse("")
                + (outcome.settings().construction().isOpenAIJava() ? " (openai-java)" : ""),
                java.util.stream.Collectors.counting())));
        System.out.println("ChaosSoakTest errors " + errors);
        Duration longest = outcomes.stream().map(Outcome::took).max(Duration::compareTo).orElse(Duration.ZERO);
        System.out.println("ChaosSoakTest seed " + seed + ": " + outcomes.size() + " calls in " + elapsed.toMillis()
            + " ms, " + failed + " failed, longest " + longest.toMillis() + " ms; faults played " + played
            + "; responses opened " + transport.opened() + ", closed " + transport.closed()
            + "; openai-java responses opened " + openAIJavaTransport.opened() + ", closed "
            + openAIJavaTransport.closed());
    }

    private static String describe(JournalEntry entry, ChaosPlan plan) {
        return entry == null ? "no attempt" : "status " + entry.status() + " with "
            + plan.kindOf(entry).map(Enum::name).orElse("no fault") + " at " + entry.arrivedAt();
    }

    private static List<Throwable> causes(Throwable thrown) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = thrown; cause != null && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
            chain.addAll(List.of(cause.getSuppressed()));
        }
        return chain;
    }

    private static String callOf(com.azure.core.http.HttpRequest request) {
        return callOfBody(request.getBodyAsBinaryData().toString());
    }

    private static String callOfBody(String body) {
        Matcher matcher = MARKER.matcher(body);
        return matcher.find() ? matcher.group(1) + " " + matcher.group(2) : "unmarked";
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }
}
