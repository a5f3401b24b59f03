// Licensed under the MIT License.
package io.github.openaipolicies.redis.implementation;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One of the gate's Lua scripts: run with {@code EVALSHA}, and with {@code EVAL} (which caches it again) when the
 * server answers {@code NOSCRIPT}, e.g. after a restart or {@code SCRIPT FLUSH}.
 */
public final class GateScript {
    /** Grants an attempt or says how long to wait: {@code acquire.lua}. */
    public static final GateScript ACQUIRE = load("acquire.lua");
    /** Absorbs what an attempt learned: {@code observe.lua}. */
    public static final GateScript OBSERVE = load("observe.lua");

    private final String source;
    private final String sha;

    private GateScript(String source) {
        this.source = source;
        this.sha = sha1(source);
    }

    /**
     * The script's source.
     *
     * @return the Lua source
     */
    public String source() {
        return source;
    }

    /**
     * Runs the script.
     *
     * @param commands the connection's commands
     * @param keys the keys
     * @param args the arguments
     * @return the script's multi-bulk reply
     */
    public CompletionStage<List<Object>> run(RedisAsyncCommands<String, String> commands, String[] keys,
        String... args) {
        return commands.<List<Object>>evalsha(sha, ScriptOutputType.MULTI, keys, args)
            .handle((reply, error) -> {
                if (error == null) {
                    return CompletableFuture.completedFuture(reply);
                }
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
                if (cause instanceof RedisNoScriptException) {
                    return commands.<List<Object>>eval(source, ScriptOutputType.MULTI, keys, args)
                        .toCompletableFuture();
                }
                return CompletableFuture.<List<Object>>failedFuture(cause);
            })
            .thenCompose(reply -> reply);
    }

    private static GateScript load(String name) {
        try (InputStream in = GateScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing script resource " + name);
            }
            return new GateScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }
}
