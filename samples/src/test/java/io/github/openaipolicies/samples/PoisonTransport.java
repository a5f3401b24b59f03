// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.Fault;
import reactor.core.publisher.Mono;

import java.util.function.UnaryOperator;

/**
 * A transport in front of the simulator that makes it refuse, with a given fault, exactly the requests whose body
 * contains a marker: the fault is injected into the simulator just before such a request goes out. Only correct with
 * one call in flight at a time ({@code --concurrency 1}).
 */
final class PoisonTransport implements HttpClient {
    private final HttpClient next;
    private final AzureOpenAISimulator simulator;
    private final String marker;
    private final Fault fault;

    private PoisonTransport(HttpClient next, AzureOpenAISimulator simulator, String marker, Fault fault) {
        this.next = next;
        this.simulator = simulator;
        this.marker = marker;
        this.fault = fault;
    }

    static UnaryOperator<HttpClient> refusing(AzureOpenAISimulator simulator, String marker, Fault fault) {
        return client -> new PoisonTransport(client, simulator, marker, fault);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return send(request, Context.NONE);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        if (request.getBodyAsBinaryData() != null && request.getBodyAsBinaryData().toString().contains(marker)) {
            simulator.injectFault(fault, 1);
        }
        return next.send(request, context);
    }
}
