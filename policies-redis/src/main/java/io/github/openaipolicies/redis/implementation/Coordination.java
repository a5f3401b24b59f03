// Licensed under the MIT License.
package io.github.openaipolicies.redis.implementation;

import io.github.openaipolicies.gate.implementation.GateTimer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The gate's link to Redis and whether coordination is on. Every command gets the short command timeout; a command
 * that fails or times out turns coordination off (logged once at WARNING), after which Redis is asked again at most
 * once per probe interval, by the attempt that happens to come then; the first answer turns it back on (logged once
 * at INFO). While off, nothing waits for Redis.
 *
 * <p>Nothing here blocks the thread that creates it: the connection is opened on a daemon thread of its own
 * ({@code openai-pipeline-redis-connect}) and the scripts are loaded asynchronously, within the command timeout. Until both are done the link is starting: an
 * attempt then waits for them at most the command timeout, and goes on the in-memory state alone if they are not
 * done by then.</p>
 */
public final class Coordination implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(Coordination.class);
    /** Lettuce's connect blocks for its handshake: each connect gets a daemon thread, at most one at a time. */
    private static final Executor CONNECT_THREAD = task -> {
        Thread thread = new Thread(task, "openai-pipeline-redis-connect");
        thread.setDaemon(true);
        thread.start();
    };

    private enum State {
        /** The first connection is being opened: attempts wait for it up to the command timeout. */
        STARTING,
        /** Redis answers. */
        ON,
        /** Redis failed: asked again once per probe interval. */
        OFF
    }

    private final RedisClient client;
    private final Duration timeout;
    private final Duration probeInterval;
    private final Clock clock;
    private final GateTimer timer;
    private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);
    private final AtomicBoolean connecting = new AtomicBoolean();
    private final AtomicBoolean warned = new AtomicBoolean();
    private final AtomicLong nextProbeMillis = new AtomicLong();
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile CompletableFuture<StatefulRedisConnection<String, String>> pending;
    private volatile boolean closed;

    /**
     * Starts connecting to Redis in the background; returns at once.
     *
     * @param client the Redis client, owned by the caller
     * @param timeout the command timeout
     * @param probeInterval how long coordination stays off before Redis is asked again
     * @param clock the clock the probe interval is measured by
     * @param timer the timer of command timeouts, whose threads also take every reply off Lettuce's I/O thread
     */
    public Coordination(RedisClient client, Duration timeout, Duration probeInterval, Clock clock, GateTimer timer) {
        this.client = client;
        this.timeout = timeout;
        this.probeInterval = probeInterval;
        this.clock = clock;
        this.timer = timer;
        connectInBackground();
    }

    /**
     * Whether attempts are coordinated through Redis now.
     *
     * @return true while Redis answers in time; false while starting and after a failure
     */
    public boolean isOn() {
        return state.get() == State.ON;
    }

    /**
     * Whether Redis failed and the gate goes on its in-memory state without asking it (until a probe is due).
     *
     * @return true while off
     */
    public boolean isOff() {
        return state.get() == State.OFF;
    }

    /**
     * Runs a script when coordination is on (or a probe is due), within the command timeout, without blocking. The
     * returned future completes on a thread of the timer, never on Lettuce's I/O thread: what follows it must not
     * delay every Redis reply of the process. It is never cancelled here and completes exactly once: with the reply,
     * or with null when Redis was not asked, failed or did not answer in time; a reply that comes after that goes to
     * {@code unwanted}.
     *
     * @param script the script
     * @param keys the keys
     * @param unwanted takes a reply that arrives after the command timed out
     * @param args the arguments
     * @return the reply, or null when Redis was not asked or did not answer in time
     */
    public CompletableFuture<List<Object>> run(GateScript script, String[] keys, Consumer<List<Object>> unwanted,
        String... args) {
        CompletableFuture<List<Object>> answer = new CompletableFuture<>();
        commands().whenComplete((commands, notAsked) -> {
            if (commands == null) {
                answer.complete(null);
                return;
            }
            // Claimed once, by the reply or the time-out; the state changes before the answer runs what follows.
            AtomicBoolean settled = new AtomicBoolean();
            GateTimer.Cancellable deadline = timer.schedule(() -> {
                if (settled.compareAndSet(false, true)) {
                    turnOff(new TimeoutException("No reply from Redis within " + timeout.toMillis() + " ms"));
                    answer.complete(null);
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
            sent(script, commands, keys, args).whenComplete((reply, error) -> {
                deadline.cancel();
                // Off Lettuce's I/O thread before anything else runs.
                timer.schedule(() -> settle(answer, settled, reply, error, unwanted), 0, TimeUnit.NANOSECONDS);
            });
        });
        return answer;
    }

    /** The script's reply; a command Lettuce refuses at once (a synchronous throw) as a failed reply. */
    private static CompletionStage<List<Object>> sent(GateScript script, RedisAsyncCommands<String, String> commands,
        String[] keys, String... args) {
        try {
            return script.run(commands, keys, args);
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    /** Completes a command's answer with its reply or (after a failure) null; a reply too late is unwanted. */
    private void settle(CompletableFuture<List<Object>> answer, AtomicBoolean settled, List<Object> reply,
        Throwable error, Consumer<List<Object>> unwanted) {
        if (!settled.compareAndSet(false, true)) {
            if (error == null) {
                unwanted.accept(reply);
            }
        } else if (error != null) {
            turnOff(unwrap(error));
            answer.complete(null);
        } else {
            turnOn();
            answer.complete(reply);
        }
    }

    /**
     * Runs a script when coordination is on (or a probe is due), blocking for at most the command timeout (twice
     * while the first connection is still being opened: once for it, once for the command).
     *
     * @param script the script
     * @param keys the keys
     * @param unwanted takes a reply that arrives after nobody waits for it any more (timed out, interrupted)
     * @param args the arguments
     * @return the reply, or null when Redis was not asked or did not answer in time
     * @throws InterruptedException if the thread is interrupted while waiting for Redis
     */
    public List<Object> runSync(GateScript script, String[] keys, Consumer<List<Object>> unwanted, String... args)
        throws InterruptedException {
        RedisAsyncCommands<String, String> commands = commandsSync();
        if (commands == null) {
            return null;
        }
        CompletableFuture<List<Object>> reply = script.run(commands, keys, args).toCompletableFuture();
        try {
            List<Object> answer = reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            turnOn();
            return answer;
        } catch (ExecutionException | CompletionException e) {
            turnOff(e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            reply.thenAccept(unwanted);
            turnOff(e);
        } catch (InterruptedException e) {
            reply.thenAccept(unwanted);
            throw e;
        }
        return null;
    }

    /**
     * Sends a script without waiting for its reply (a write nobody waits for) while coordination is on; a failure
     * turns coordination off.
     *
     * @param script the script
     * @param keys the keys
     * @param args the arguments
     */
    public void send(GateScript script, String[] keys, String... args) {
        if (state.get() == State.ON) {
            sendNow(script, keys, args);
        }
    }

    /**
     * Sends a script that only gives something back (ends leases) whenever there is a connection, on or off: grants
     * whose replies came too late are released as soon as Redis takes commands again, not left to their leases.
     *
     * @param script the script
     * @param keys the keys
     * @param args the arguments
     */
    public void sendEvenIfOff(GateScript script, String[] keys, String... args) {
        sendNow(script, keys, args);
    }

    private void sendNow(GateScript script, String[] keys, String... args) {
        StatefulRedisConnection<String, String> current = connection;
        if (current == null) {
            return;
        }
        script.run(current.async(), keys, args).toCompletableFuture()
            .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
            .whenComplete((reply, error) -> {
                if (error != null) {
                    turnOff(unwrap(error));
                }
            });
    }

    @Override
    public synchronized void close() {
        closed = true;
        StatefulRedisConnection<String, String> current = connection;
        connection = null;
        if (current != null) {
            current.closeAsync();
        }
    }

    /** The commands to ask Redis with; null when Redis is not to be asked now. Never blocks. */
    private CompletableFuture<RedisAsyncCommands<String, String>> commands() {
        if (!askingNow()) {
            return CompletableFuture.completedFuture(null);
        }
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            return CompletableFuture.completedFuture(current.async());
        }
        CompletableFuture<StatefulRedisConnection<String, String>> starting = pending;
        if (starting == null || state.get() != State.STARTING) {
            connectInBackground();
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<RedisAsyncCommands<String, String>> ready = new CompletableFuture<>();
        AtomicBoolean settled = new AtomicBoolean();
        GateTimer.Cancellable notYet = timer.schedule(() -> {
            if (settled.compareAndSet(false, true)) {
                stillStarting();
                ready.complete(null);
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        starting.whenComplete((opened, error) -> {
            notYet.cancel();
            // Off the thread that opened it (Lettuce's, when the scripts loaded) before anything else runs.
            timer.schedule(() -> {
                if (!settled.compareAndSet(false, true)) {
                    return;
                }
                if (error != null) {
                    stillStarting();
                }
                ready.complete(error == null ? opened.async() : null);
            }, 0, TimeUnit.NANOSECONDS);
        });
        return ready;
    }

    private RedisAsyncCommands<String, String> commandsSync() throws InterruptedException {
        if (!askingNow()) {
            return null;
        }
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            return current.async();
        }
        CompletableFuture<StatefulRedisConnection<String, String>> starting = pending;
        if (starting == null || state.get() != State.STARTING) {
            connectInBackground();
            return null;
        }
        try {
            return starting.get(timeout.toNanos(), TimeUnit.NANOSECONDS).async();
        } catch (ExecutionException | TimeoutException | CancellationException notYet) {
            stillStarting();
            return null;
        }
    }

    /** True while on or starting; while off, true for the one attempt that claims a due probe. */
    private boolean askingNow() {
        if (state.get() != State.OFF) {
            return true;
        }
        long now = clock.millis();
        long due = nextProbeMillis.get();
        return now >= due && nextProbeMillis.compareAndSet(due, now + probeInterval.toMillis());
    }

    /**
     * Opens a connection on a thread of its own (Lettuce's connect blocks for its handshake) and loads the
     * scripts on it asynchronously within the command timeout; the first success turns coordination on.
     */
    private void connectInBackground() {
        if (closed || !connecting.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<StatefulRedisConnection<String, String>> attempt = CompletableFuture
            .supplyAsync(() -> client.connect(StringCodec.UTF8), CONNECT_THREAD)
            .thenCompose(this::withScripts);
        pending = attempt;
        attempt.whenComplete((opened, error) -> {
            connecting.set(false);
            if (error != null) {
                pending = null;
                turnOff(unwrap(error));
            } else if (adopt(opened)) {
                turnOn();
            }
        });
    }

    /**
     * Caches the scripts up front (EVALSHA falls back to EVAL if they are gone later); a connection whose scripts do
     * not load within the command timeout is closed, and counts as a failure.
     */
    private CompletableFuture<StatefulRedisConnection<String, String>> withScripts(
        StatefulRedisConnection<String, String> opened) {
        RedisAsyncCommands<String, String> commands = opened.async();
        return CompletableFuture.allOf(commands.scriptLoad(GateScript.ACQUIRE.source()).toCompletableFuture(),
                commands.scriptLoad(GateScript.OBSERVE.source()).toCompletableFuture())
            .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
            .handle((loaded, error) -> {
                if (error != null) {
                    opened.closeAsync();
                    throw new CompletionException(unwrap(error));
                }
                return opened;
            });
    }

    private synchronized boolean adopt(StatefulRedisConnection<String, String> opened) {
        pending = null;
        if (closed) {
            opened.closeAsync();
            return false;
        }
        connection = opened;
        return true;
    }

    /**
     * The first connection was not ready within an attempt's command timeout: later attempts stop waiting for it
     * until a probe is due, and it turns coordination on whenever it is ready. Not logged: only a failure is.
     */
    private void stillStarting() {
        nextProbeMillis.set(clock.millis() + probeInterval.toMillis());
        state.compareAndSet(State.STARTING, State.OFF);
    }

    private void turnOn() {
        state.set(State.ON);
        if (warned.compareAndSet(true, false)) {
            LOGGER.info("Redis answers again: attempts are coordinated through Redis again. redisCoordination=on");
        }
    }

    private void turnOff(Throwable error) {
        nextProbeMillis.set(clock.millis() + probeInterval.toMillis());
        state.set(State.OFF);
        if (warned.compareAndSet(false, true)) {
            LOGGER.warn("Redis failed or did not answer in time: this process falls back to its own in-memory throttle "
                + "gate until Redis answers again. redisCoordination=off error={} commandTimeoutMs={} probeIntervalMs={}",
                error.getClass().getName(), timeout.toMillis(), probeInterval.toMillis());
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
