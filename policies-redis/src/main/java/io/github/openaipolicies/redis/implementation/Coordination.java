// Licensed under the MIT License.
package io.github.openaipolicies.redis.implementation;

import com.azure.core.util.logging.ClientLogger;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gate's link to Redis and whether coordination is on. Every command gets the short command timeout; a command
 * that fails or times out turns coordination off (logged once at WARNING), after which Redis is asked again at most
 * once per probe interval, by the attempt that happens to come then; the first answer turns it back on (logged once
 * at INFO). While off, nothing waits for Redis.
 */
public final class Coordination implements AutoCloseable {
    private static final ClientLogger LOGGER = new ClientLogger(Coordination.class);

    private final RedisClient client;
    private final Duration timeout;
    private final Duration probeInterval;
    private final Clock clock;
    private final AtomicBoolean on = new AtomicBoolean(true);
    private final AtomicBoolean connecting = new AtomicBoolean();
    private final AtomicLong nextProbeMillis = new AtomicLong();
    private volatile StatefulRedisConnection<String, String> connection;

    /**
     * Connects to Redis; when that fails, starts with coordination off.
     *
     * @param client the Redis client, owned by the caller
     * @param timeout the command timeout
     * @param probeInterval how long coordination stays off before Redis is asked again
     * @param clock the clock the probe interval is measured by
     */
    public Coordination(RedisClient client, Duration timeout, Duration probeInterval, Clock clock) {
        this.client = client;
        this.timeout = timeout;
        this.probeInterval = probeInterval;
        this.clock = clock;
        try {
            connected(client.connect(StringCodec.UTF8));
        } catch (RuntimeException e) {
            turnOff(e);
        }
    }

    /**
     * Whether attempts are coordinated through Redis now.
     *
     * @return true while Redis answers in time
     */
    public boolean isOn() {
        return on.get();
    }

    /**
     * Runs a script when coordination is on (or a probe is due), within the command timeout.
     *
     * @param script the script
     * @param key the key
     * @param args the arguments
     * @return the reply, or empty when Redis was not asked or did not answer in time
     */
    public Mono<List<Object>> run(GateScript script, String key, String... args) {
        RedisAsyncCommands<String, String> commands = commandsIfAsking();
        if (commands == null) {
            return Mono.empty();
        }
        return Mono.fromCompletionStage(() -> script.run(commands, key, args))
            .timeout(timeout, Schedulers.parallel())
            .doOnNext(reply -> turnOn())
            .onErrorResume(error -> {
                turnOff(error);
                return Mono.empty();
            });
    }

    /**
     * Runs a script when coordination is on (or a probe is due), blocking for at most the command timeout.
     *
     * @param script the script
     * @param key the key
     * @param args the arguments
     * @return the reply, or null when Redis was not asked or did not answer in time
     * @throws InterruptedException if the thread is interrupted while waiting for Redis
     */
    public List<Object> runSync(GateScript script, String key, String... args) throws InterruptedException {
        RedisAsyncCommands<String, String> commands = commandsIfAsking();
        if (commands == null) {
            return null;
        }
        try {
            List<Object> reply = script.run(commands, key, args).toCompletableFuture()
                .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            turnOn();
            return reply;
        } catch (ExecutionException | CompletionException e) {
            turnOff(e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            turnOff(e);
        }
        return null;
    }

    /**
     * Sends a script without waiting for its reply (a write nobody waits for); a failure turns coordination off.
     *
     * @param script the script
     * @param key the key
     * @param args the arguments
     */
    public void send(GateScript script, String key, String... args) {
        StatefulRedisConnection<String, String> current = connection;
        if (!on.get() || current == null) {
            return;
        }
        script.run(current.async(), key, args).toCompletableFuture()
            .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
            .whenComplete((reply, error) -> {
                if (error != null) {
                    turnOff(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
                }
            });
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            current.closeAsync();
        }
    }

    private RedisAsyncCommands<String, String> commandsIfAsking() {
        if (!on.get()) {
            long now = clock.millis();
            long due = nextProbeMillis.get();
            if (now < due || !nextProbeMillis.compareAndSet(due, now + probeInterval.toMillis())) {
                return null;
            }
        }
        StatefulRedisConnection<String, String> current = connection;
        if (current == null) {
            connectInBackground();
            return null;
        }
        return current.async();
    }

    private void connectInBackground() {
        if (!connecting.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture.supplyAsync(() -> client.connect(StringCodec.UTF8), Schedulers.boundedElastic()::schedule)
            .whenComplete((opened, error) -> {
                connecting.set(false);
                if (error == null) {
                    connected(opened);
                    turnOn();
                }
            });
    }

    private void connected(StatefulRedisConnection<String, String> opened) {
        connection = opened;
        // Cache the scripts up front; EVALSHA falls back to EVAL if they are gone later.
        opened.async().scriptLoad(GateScript.ACQUIRE.source());
        opened.async().scriptLoad(GateScript.OBSERVE.source());
    }

    private void turnOn() {
        if (on.compareAndSet(false, true)) {
            LOGGER.atInfo()
                .addKeyValue("redisCoordination", "on")
                .log("Redis answers again: attempts are coordinated through Redis again.");
        }
    }

    private void turnOff(Throwable error) {
        nextProbeMillis.set(clock.millis() + probeInterval.toMillis());
        if (on.compareAndSet(true, false)) {
            LOGGER.atWarning()
                .addKeyValue("redisCoordination", "off")
                .addKeyValue("error", error.getClass().getName())
                .addKeyValue("commandTimeoutMs", timeout.toMillis())
                .addKeyValue("probeIntervalMs", probeInterval.toMillis())
                .log("Redis did not answer in time: each process falls back to its own in-memory throttle gate "
                    + "until Redis answers again.");
        }
    }
}
