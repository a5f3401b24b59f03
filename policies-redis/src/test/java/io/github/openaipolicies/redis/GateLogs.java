// Licensed under the MIT License.
package io.github.openaipolicies.redis;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.openaipolicies.redis.implementation.Coordination;
import org.slf4j.LoggerFactory;

/** Captures the log events of the gate's coordination (turned off, turned on) while open. */
final class GateLogs implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger(Coordination.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    GateLogs() {
        appender.start();
        logger.addAppender(appender);
    }

    long count(Level level) {
        synchronized (appender) {
            return appender.list.stream().filter(event -> event.getLevel() == level).count();
        }
    }

    String messages() {
        synchronized (appender) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList().toString();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
