// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Captures the log events of a test from every logger, the root level lowered to {@link Level#ALL} meanwhile; a JUnit 5
 * extension ({@code @RegisterExtension final LogCapture logs = new LogCapture();}).
 *
 * <p>The core compiles against the slf4j 1.7 API, on which logback's {@code Logger} (an slf4j 2 type) cannot be
 * compiled against: the root logger is reached by reflection, the events through logback-core and
 * {@link ILoggingEvent}.</p>
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Object previousLevel;

    @Override
    public void beforeEach(ExtensionContext context) {
        Object root = root();
        previousLevel = invoke(root, "getLevel", null, null);
        invoke(root, "setLevel", Level.class, Level.ALL);
        appender.list.clear();
        appender.start();
        invoke(root, "addAppender", Appender.class, appender);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Object root = root();
        invoke(root, "detachAppender", Appender.class, appender);
        appender.stop();
        invoke(root, "setLevel", Level.class, previousLevel);
    }

    /**
     * The formatted messages of one logger at one level.
     *
     * @param loggerClass the class the logger is named after
     * @param level the level
     * @return the messages, in order
     */
    public List<String> messages(Class<?> loggerClass, Level level) {
        List<String> messages = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(appender.list)) {
            if (event.getLoggerName().equals(loggerClass.getName()) && event.getLevel().equals(level)) {
                messages.add(event.getFormattedMessage());
            }
        }
        return messages;
    }

    private static Object root() {
        return LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static Object invoke(Object target, String method, Class<?> parameter, Object argument) {
        try {
            return parameter == null ? target.getClass().getMethod(method).invoke(target)
                : target.getClass().getMethod(method, parameter).invoke(target, argument);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("logback is not the slf4j binding of the tests", e);
        }
    }
}
