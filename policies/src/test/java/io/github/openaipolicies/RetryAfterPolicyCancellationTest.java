// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import io.github.openaipolicies.ScriptedHttpClient.ScriptedResponse;
import io.github.openaipolicies.retry.RetryAfterOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A caller that cancels just as {@link RetryAfterPolicy}'s async path delivers a response must not leave that
 * response open: the policy closes what Reactor discards.
 *
 * <p>Many rounds, from a seed that is printed (replay with {@code -Dretry.cancel.seed=N}). Round {@code i} cancels in
 * one of three ways, {@code i % 3}: before the transport delivers, from inside the delivery (the response is on its
 * way through the policy when the cancel lands), or from another thread at the same moment after a seeded spin on
 * each side. Every response the transport handed out must end closed, by the caller that received it or by the
 * policy; one delivered after the cancel never reaches the caller, so the policy must close it.</p>
 *
 * <p>When the cancel and the delivery truly race, {@code Mono.create}'s sink itself can lose the race: a value that
 * arrives just after its cancel is handed to Reactor's {@code onNextDropped} hook before it ever reaches the policy
 * (a real transport closes its connection on cancel instead). The test closes such responses in that hook, as their
 * transport would, and counts them: only racing rounds may need it, never a round whose order is fixed.</p>
 */
@Timeout(60) // only so that a regression that blocks fails instead of hanging the build
class RetryAfterPolicyCancellationTest {
    private static final int ROUNDS = 1_500;
    private static final String URL = "https://example.openai.azure.com/openai/deployments/d/embeddings";

    private enum Moment { BEFORE_DELIVERY, DURING_DELIVERY, RACING_DELIVERY }

    private final ExecutorService deliveryThread = Executors.newSingleThreadExecutor();
    private final AtomicInteger droppedByTheTransport = new AtomicInteger();

    @BeforeEach
    void closeWhatTheTransportDrops() {
        Hooks.onNextDropped(dropped -> {
            if (dropped instanceof HttpResponse response) {
                droppedByTheTransport.incrementAndGet();
                response.close();
            }
        });
    }

    @AfterEach
    void stopDeliveryThread() {
        Hooks.resetOnNextDropped();
        deliveryThread.shutdownNow();
    }

    @Test
    void aResponseDeliveredAsTheCallerCancelsIsClosed() throws Exception {
        long seed = Long.getLong("retry.cancel.seed", System.nanoTime());
        System.out.printf("aResponseDeliveredAsTheCallerCancelsIsClosed: seed %d (replay with -Dretry.cancel.seed=%d)%n",
            seed, seed);
        SplittableRandom random = new SplittableRandom(seed);
        HandOverHttpClient client = new HandOverHttpClient();
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(client)
            .policies(new RetryAfterPolicy(new RetryAfterOptions())).build();
        Map<Moment, Integer> rounds = new EnumMap<>(Moment.class);
        Map<Moment, Integer> closedByPolicy = new EnumMap<>(Moment.class);
        Map<Moment, Integer> droppedRounds = new EnumMap<>(Moment.class);

        for (int round = 0; round < ROUNDS; round++) {
            Moment moment = Moment.values()[round % 3];
            ClosingSubscriber caller = new ClosingSubscriber();
            client.onDelivery = moment == Moment.DURING_DELIVERY ? caller::cancel : () -> { };
            pipeline.send(new HttpRequest(HttpMethod.GET, URL), Context.NONE).subscribe(caller);
            MonoSink<HttpResponse> transport = client.pending.getAndSet(null);
            assertThat(transport).as("seed %d round %d: the transport was called", seed, round).isNotNull();

            int droppedBefore = droppedByTheTransport.get();
            switch (moment) {
                case BEFORE_DELIVERY -> {
                    caller.cancel();
                    client.deliver(transport);
                }
                case DURING_DELIVERY -> client.deliver(transport);
                default -> race(client, transport, caller, random.nextInt(2_000), random.nextInt(2_000));
            }
            rounds.merge(moment, 1, Integer::sum);
            if (droppedByTheTransport.get() > droppedBefore) {
                droppedRounds.merge(moment, 1, Integer::sum);
            } else if (!caller.received) {
                closedByPolicy.merge(moment, 1, Integer::sum);
            }
            assertThat(client.responses.get(round).isClosed())
                .as("seed %d round %d (%s): the response was closed", seed, round, moment).isTrue();
        }

        System.out.println("  rounds: " + rounds + ", responses closed by the policy, not the caller: "
            + closedByPolicy + ", lost by the transport's own race with the cancel: " + droppedRounds);
        assertThat(droppedRounds).as("only a true race may lose a response before the policy sees it")
            .doesNotContainKeys(Moment.BEFORE_DELIVERY, Moment.DURING_DELIVERY);
        assertThat(client.responses).hasSize(ROUNDS).allMatch(ScriptedResponse::isClosed);
        for (Moment moment : Moment.values()) {
            assertThat(rounds.get(moment)).as("rounds cancelling %s", moment).isGreaterThanOrEqualTo(ROUNDS / 5);
        }
        // Cancelled before delivery, the caller never receives the response: the policy closed every one.
        assertThat(closedByPolicy.get(Moment.BEFORE_DELIVERY)).isEqualTo(rounds.get(Moment.BEFORE_DELIVERY));
    }

    private void race(HandOverHttpClient client, MonoSink<HttpResponse> transport, ClosingSubscriber caller,
        int deliverySpins, int cancelSpins) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Future<?> delivery = deliveryThread.submit(() -> {
            awaitQuietly(go);
            spin(deliverySpins);
            client.deliver(transport);
        });
        go.countDown();
        spin(cancelSpins);
        caller.cancel();
        delivery.get(30, TimeUnit.SECONDS);
    }

    private static void spin(int times) {
        for (int i = 0; i < times; i++) {
            Thread.onSpinWait();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes whatever it receives and closes it, as a caller that owns the response would. */
    private static final class ClosingSubscriber extends BaseSubscriber<HttpResponse> {
        private volatile boolean received;

        @Override
        protected void hookOnNext(HttpResponse response) {
            received = true;
            response.close();
        }

        @Override
        protected void hookOnError(Throwable error) {
            // A cancelled call may still see an error; nothing to close.
        }
    }

    /**
     * A transport that hands each call's sink to the test, which decides when the 200 is delivered; it keeps every
     * response it created to check that each was closed. A response delivered after a cancel is handed to Reactor's
     * discard hook, as {@code Mono.create} does.
     */
    private static final class HandOverHttpClient implements HttpClient {
        final AtomicReference<MonoSink<HttpResponse>> pending = new AtomicReference<>();
        final List<ScriptedResponse> responses = new CopyOnWriteArrayList<>();
        volatile Runnable onDelivery = () -> { };
        private final AtomicReference<HttpRequest> request = new AtomicReference<>();

        @Override
        public Mono<HttpResponse> send(HttpRequest httpRequest) {
            return send(httpRequest, Context.NONE);
        }

        @Override
        public Mono<HttpResponse> send(HttpRequest httpRequest, Context context) {
            Runnable hook = onDelivery;
            return Mono.<HttpResponse>create(sink -> {
                request.set(httpRequest);
                pending.set(sink);
            }).doOnNext(response -> hook.run());
        }

        void deliver(MonoSink<HttpResponse> sink) {
            ScriptedResponse response = new ScriptedResponse(request.get(), 200, new HttpHeaders(), new byte[0]);
            responses.add(response);
            sink.success(response);
        }
    }
}
