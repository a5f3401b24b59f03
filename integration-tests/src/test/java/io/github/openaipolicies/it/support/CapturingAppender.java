// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A logback appender that keeps every event of the test JVM in memory, rendered completely: logger, message with its
 * arguments, key-value pairs, MDC and the whole throwable chain with stack traces. Installed for the whole suite by
 * {@code logback-test.xml}; {@link NoSecretsInLogsExtension} searches what it kept.
 */
public final class CapturingAppender extends AppenderBase<ILoggingEvent> {
    private static final ConcurrentLinkedQueue<String> EVENTS = new ConcurrentLinkedQueue<>();

    /**
     * Every event captured so far, rendered as text.
     *
     * @return a snapshot, in order of logging
     */
    public static List<String> events() {
        return List.copyOf(EVENTS);
    }

    @Override
    protected void append(ILoggingEvent event) {
        StringBuilder text = new StringBuilder()
            .append(event.getLevel()).append(' ')
            .append(event.getLoggerName()).append(" - ")
            .append(event.getFormattedMessage());
        if (event.getKeyValuePairs() != null) {
            event.getKeyValuePairs().forEach(pair -> text.append(' ').append(pair.key).append('=').append(pair.value));
        }
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null && !mdc.isEmpty()) {
            text.append(' ').append(mdc);
        }
        IThrowableProxy throwable = event.getThrowableProxy();
        if (throwable != null) {
            text.append(System.lineSeparator()).append(ThrowableProxyUtil.asString(throwable));
        }
        EVENTS.add(text.toString());
    }
}
