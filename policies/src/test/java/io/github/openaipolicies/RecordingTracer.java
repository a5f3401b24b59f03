// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.util.Context;
import com.azure.core.util.tracing.StartSpanOptions;
import com.azure.core.util.tracing.Tracer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A tracer that records every span it starts, with its attributes and whether it ended. */
final class RecordingTracer implements Tracer {
    private static final String SPAN_KEY = "recording-tracer-span";

    /** One recorded span. */
    static final class Span {
        private final String name;
        private final Map<String, Object> attributes = new ConcurrentHashMap<>();
        private volatile boolean ended;

        Span(String name) {
            this.name = name;
        }

        String name() {
            return name;
        }

        Object attribute(String key) {
            return attributes.get(key);
        }

        boolean ended() {
            return ended;
        }
    }

    private final List<Span> spans = Collections.synchronizedList(new ArrayList<>());

    List<Span> spans() {
        synchronized (spans) {
            return List.copyOf(spans);
        }
    }

    @Override
    public Context start(String methodName, Context context) {
        return start(methodName, null, context);
    }

    @Override
    public Context start(String methodName, StartSpanOptions options, Context context) {
        Span span = new Span(methodName);
        if (options != null && options.getAttributes() != null) {
            options.getAttributes().forEach((key, value) -> span.attributes.put(key, value));
        }
        spans.add(span);
        return context.addData(SPAN_KEY, span);
    }

    @Override
    public void end(String errorMessage, Throwable throwable, Context context) {
        span(context).ended = true;
    }

    @Override
    public void setAttribute(String key, String value, Context context) {
        span(context).attributes.put(key, value);
    }

    @Override
    public void setAttribute(String key, long value, Context context) {
        span(context).attributes.put(key, value);
    }

    private static Span span(Context context) {
        return (Span) context.getData(SPAN_KEY).orElseThrow(() -> new IllegalStateException("no span in context"));
    }
}
