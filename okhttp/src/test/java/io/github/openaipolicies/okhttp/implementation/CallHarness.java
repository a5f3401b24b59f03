// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import io.github.openaipolicies.gate.RecordingGate;
import io.github.openaipolicies.metrics.PipelineMetricsSink;
import io.github.openaipolicies.metrics.RecordingSink;
import io.github.openaipolicies.metrics.implementation.PipelineInstruments;
import io.github.openaipolicies.retry.RetryAfterOptions;
import io.github.openaipolicies.retry.implementation.RetryDecider;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.QueueDispatcher;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A MockWebServer, an OkHttp client whose only application interceptor runs {@link OkHttpCall} in virtual time
 * ({@link TestTime}, no jitter), a {@link RecordingGate} and a {@link RecordingSink}; calls sent with
 * {@code execute} or {@code enqueue}. OkHttp's own silent retry of connection failures is off, so the server's count
 * is the count of attempts. The server answers an attempt the test did not script with a 404 at once.
 */
final class CallHarness implements AutoCloseable {
    static final MediaType JSON = MediaType.get("application/json");

    final MockWebServer server = new MockWebServer();
    final TestTime time = new TestTime();
    final RecordingGate gate = new RecordingGate();
    final RecordingSink sink = new RecordingSink();
    volatile Call lastCall;
    private OkHttpClient client;

    CallHarness() throws IOException {
        // An attempt the test did not script gets a 404 at once (not a read timeout): a retry too many fails fast.
        ((QueueDispatcher) server.getDispatcher()).setFailFast(true);
        server.start();
    }

    /** The client, with the retry options and the observer given, the gate, the sink and virtual time. */
    OkHttpClient client(RetryAfterOptions retry, AttemptObserver observer, boolean withGate) {
        CallSettings settings = new CallSettings(RetryDecider.of(retry, () -> 0.0), withGate ? gate : null,
            observer, PipelineInstruments.of(sink), time, time, time);
        client = new OkHttpClient.Builder().retryOnConnectionFailure(false)
            .addInterceptor(chain -> OkHttpCall.run(settings, chain)).build();
        return client;
    }

    OkHttpClient client(RetryAfterOptions retry) {
        return client(retry, AttemptObserver.NONE, true);
    }

    /** A POST of an embeddings request to an Azure deployment URL on the server, with an api-key. */
    Request embeddings() {
        return new Request.Builder().url(server.url("/openai/deployments/emb/embeddings?api-version=2024-10-21"))
            .header("api-key", "key").post(RequestBody.create("{\"input\":\"hello\"}", JSON)).build();
    }

    /** Sends a call with {@code execute} or, {@code async}, with {@code enqueue}, and waits for its outcome. */
    Response send(Request request, boolean async) throws IOException {
        Call call = client.newCall(request);
        lastCall = call;
        if (!async) {
            return call.execute();
        }
        CompletableFuture<Response> result = new CompletableFuture<>();
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call failed, IOException e) {
                result.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call done, Response response) {
                result.complete(response);
            }
        });
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (ExecutionException e) {
            throw (IOException) e.getCause();
        }
    }

    @Override
    public void close() throws IOException {
        if (client != null) {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
        server.shutdown();
    }

    static PipelineMetricsSink none() {
        return PipelineMetricsSink.NONE;
    }
}
