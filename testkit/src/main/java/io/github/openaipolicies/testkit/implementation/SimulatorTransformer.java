package io.github.openaipolicies.testkit.implementation;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.openaipolicies.testkit.JournalEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The WireMock extension that answers every request through a {@link SimulatorEngine}: the simulator registers one
 * catch-all stub, and this transformer (applied globally) replaces its response.
 */
public final class SimulatorTransformer implements ResponseDefinitionTransformerV2 {
    /** The extension's name in WireMock. */
    public static final String NAME = "azure-openai-simulator";

    private static final List<String> CREDENTIAL_HEADERS = List.of(JournalEntry.API_KEY, JournalEntry.AUTHORIZATION);

    private final SimulatorEngine engine;

    /**
     * Creates the transformer.
     *
     * @param engine the behaviour to delegate to
     */
    public SimulatorTransformer(SimulatorEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        SimulatorResponse response = engine.handle(new SimulatorRequest(request.getMethod().getName(),
            request.getUrl(), credentialHeaders(request), request.getBodyAsString() == null ? ""
            : request.getBodyAsString()));
        ResponseDefinitionBuilder builder = ResponseDefinitionBuilder.responseDefinition();
        long delayMillis = response.delay().toMillis();
        if (delayMillis > 0) {
            builder.withFixedDelay((int) Math.min(Integer.MAX_VALUE, delayMillis));
        }
        if (response.connectionReset()) {
            return builder.withFault(Fault.CONNECTION_RESET_BY_PEER).build();
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>(response.headers());
        SimulatorResponse.Pacing pacing = response.pacing();
        if (pacing != null) {
            builder.withChunkedDribbleDelay(Math.max(1, pacing.chunks()),
                (int) Math.min(Integer.MAX_VALUE, pacing.spread().toMillis()));
            headers.add(Map.entry(pacing.declaredLength() < 0 ? ChunkedBodyTransformer.MARKER : "Content-Length",
                pacing.declaredLength() < 0 ? "true" : Integer.toString(pacing.declaredLength())));
        }
        return builder.withStatus(response.status())
            .withHeaders(toWireMock(headers))
            .withBody(response.body())
            .build();
    }

    private static Map<String, List<String>> credentialHeaders(Request request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : CREDENTIAL_HEADERS) {
            HttpHeader header = request.getHeaders().getHeader(name);
            headers.put(name, header.isPresent() ? header.values() : List.of());
        }
        return headers;
    }

    private static HttpHeaders toWireMock(List<Map.Entry<String, String>> headers) {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        Map<String, String> spelling = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers) {
            String key = header.getKey().toLowerCase(Locale.ROOT);
            spelling.putIfAbsent(key, header.getKey());
            grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(header.getValue());
        }
        List<HttpHeader> result = new ArrayList<>();
        grouped.forEach((key, values) -> result.add(new HttpHeader(spelling.get(key), values)));
        return new HttpHeaders(result);
    }
}
