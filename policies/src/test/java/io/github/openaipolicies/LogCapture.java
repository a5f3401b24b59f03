// Licensed under the MIT License.
package io.github.openaipolicies;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Captures every log event of a test, from every logger (azure-core's {@code ClientLogger} writes through SLF4J to
 * logback), while the root level is lowered to {@link Level#ALL} by default so that nothing is filtered out.
 *
 * <p>As a JUnit 5 extension it captures during each test:</p>
 * <pre>{@code
 * @RegisterExtension
 * final LogCapture logs = new LogCapture();
 *
 * @Test
 * void logsOneLine() {
 *     ...
 *     assertThat(logs.messages(RequestLoggingPolicy.class)).singleElement().asString().contains("\"attempt\":1");
 * }
 * }</pre>
 * <p>It can also be used by hand: {@code try (LogCapture logs = new LogCapture().start()) { ... }}. Messages are the
 * formatted messages, which for {@code ClientLogger} with key-values is a JSON object holding
 * {@code az.sdk.message} and every key-value. Tests run one at a time, so the root-level appender sees only the
 * current test (plus any background thread that logs meanwhile).</p>
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback, AutoCloseable {
    private final Level level;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level previousLevel;

    /** Captures everything: the root level is set to {@link Level#ALL} while capturing. */
    public LogCapture() {
        this(Level.ALL);
    }

    /**
     * Captures with the root level set to the given level while capturing.
     *
     * @param level the root level while capturing
     */
    public LogCapture(Level level) {
        this.level = level;
    }

    /**
     * Starts capturing (attaches the appender to the root logger, sets the root level).
     *
     * @return this capture
     */
    public LogCapture start() {
        Logger root = root();
        previousLevel = root.getLevel();
        root.setLevel(level);
        appender.list.clear();
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
        return this;
    }

    /** Stops capturing and restores the root level; captured events stay readable. */
    public void stop() {
        Logger root = root();
        root.detachAppender(appender);
        appender.stop();
        if (previousLevel != null) {
            root.setLevel(previousLevel);
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }

    /** Forgets the events captured so far. */
    public void clear() {
        synchronized (appender.list) {
            appender.list.clear();
        }
    }

    /**
     * Every captured event, in order.
     *
     * @return a snapshot of the events
     */
    public List<ILoggingEvent> events() {
        synchronized (appender.list) {
            return List.copyOf(appender.list);
        }
    }

    /**
     * The events of one logger (named after a class, as {@code ClientLogger} names its loggers).
     *
     * @param loggerClass the class the logger is named after
     * @return the events, in order
     */
    public List<ILoggingEvent> events(Class<?> loggerClass) {
        return events().stream().filter(event -> event.getLoggerName().equals(loggerClass.getName())).toList();
    }

    /**
     * The formatted messages of one logger.
     *
     * @param loggerClass the class the logger is named after
     * @return the messages, in order
     */
    public List<String> messages(Class<?> loggerClass) {
        return events(loggerClass).stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /**
     * The formatted messages of one logger at one level.
     *
     * @param loggerClass the class the logger is named after
     * @param level the level
     * @return the messages, in order
     */
    public List<String> messages(Class<?> loggerClass, Level level) {
        return events(loggerClass).stream().filter(event -> event.getLevel().equals(level))
            .map(ILoggingEvent::getFormattedMessage).toList();
    }

    /**
     * Everything captured, as one text: for every event its level, logger, formatted message, raw arguments, MDC
     * and key-value pairs, and throwable (class, message, stack, causes). Search this text to prove that something
     * was never logged.
     *
     * @return the text
     */
    public String allText() {
        return events().stream().map(LogCapture::describe).collect(Collectors.joining("\n"));
    }

    private static String describe(ILoggingEvent event) {
        StringBuilder text = new StringBuilder()
            .append(event.getLevel()).append(' ').append(event.getLoggerName()).append(' ')
            .append(event.getFormattedMessage());
        if (event.getArgumentArray() != null) {
            for (Object argument : event.getArgumentArray()) {
                text.append(" arg=").append(argument);
            }
        }
        text.append(" mdc=").append(event.getMDCPropertyMap());
        if (event.getKeyValuePairs() != null) {
            text.append(" kv=").append(event.getKeyValuePairs());
        }
        for (IThrowableProxy proxy = event.getThrowableProxy(); proxy != null; proxy = proxy.getCause()) {
            text.append("\n").append(proxy.getClassName()).append(": ").append(proxy.getMessage());
            for (StackTraceElementProxy element : proxy.getStackTraceElementProxyArray()) {
                text.append("\n\tat ").append(element.getSTEAsString());
            }
        }
        return text.toString();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
