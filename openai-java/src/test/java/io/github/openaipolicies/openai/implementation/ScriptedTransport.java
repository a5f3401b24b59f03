// Licensed under the MIT License.
package io.github.openaipolicies.openai.implementation;

import com.openai.core.RequestOptions;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A transport that answers from a script, in order (the last step repeats), and records every request it was given.
 * Async answers come already completed unless a step hands out a future of its own.
 */
final class ScriptedTransport implements HttpClient {
    private final Deque<Supplier<Object>> steps = new ArrayDeque<>();
    private final List<HttpRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<CompletableFuture<HttpResponse>> pending = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    /** Answers with {@code response}. */
    ScriptedTransport then(HttpResponse response) {
        steps.add(() -> response);
        return this;
    }

    /** Answers with a fresh response each time this step runs. */
    ScriptedTransport thenEach(Supplier<HttpResponse> response) {
        steps.add(response::get);
        return this;
    }

    /** Throws {@code error} (sync) or fails the future with it (async). */
    ScriptedTransport thenFail(RuntimeException error) {
        steps.add(() -> error);
        return this;
    }

    /** Async: hands out a future that the test completes (see {@link #pending()}); sync: not for use. */
    ScriptedTransport thenPending() {
        steps.add(CompletableFuture::new);
        return this;
    }

    List<HttpRequest> requests() {
        return requests;
    }

    List<CompletableFuture<HttpResponse>> pending() {
        return pending;
    }

    boolean isClosed() {
        return closed;
    }

    private Object next(HttpRequest request) {
        requests.add(request);
        Supplier<Object> step = steps.size() > 1 ? steps.poll() : steps.peek();
        if (step == null) {
            throw new AssertionError("no step left in the script");
        }
        return step.get();
    }

    @Override
    public HttpResponse execute(HttpRequest request, RequestOptions requestOptions) {
        Object answer = next(request);
        if (answer instanceof RuntimeException error) {
            throw error;
        }
        return (HttpResponse) answer;
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions requestOptions) {
        Object answer = next(request);
        if (answer instanceof RuntimeException error) {
            return CompletableFuture.failedFuture(error);
        }
        if (answer instanceof CompletableFuture<?> future) {
            pending.add((CompletableFuture<HttpResponse>) future);
            return (CompletableFuture<HttpResponse>) future;
        }
        return CompletableFuture.completedFuture((HttpResponse) answer);
    }

    @Override
    public void close() {
        closed = true;
    }
}
