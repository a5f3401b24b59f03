// Licensed under the MIT License.
package io.github.openaipolicies.it.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After every test class, searches everything the suite has logged so far ({@link CapturingAppender}) for every
 * configured credential value ({@link Secrets#all()}) and fails the class if one appears. It first checks that the
 * capture is real: the libraries log at their most verbose level and something was captured.
 */
public final class NoSecretsInLogsExtension implements AfterAllCallback {
    static {
        // JUnit loads this extension once, on its main thread, before test classes start side by side. Starting
        // logging here means no class creates its loggers while SLF4J is still initializing in another thread,
        // when it would get a stand-in logger that drops their events.
        LoggerFactory.getILoggerFactory();
    }

    /** Creates the extension; JUnit does, for every test class (see {@code META-INF/services}). */
    public NoSecretsInLogsExtension() {
    }

    /**
     * The captured log lines that contain one of the secrets.
     *
     * @param events the captured log lines
     * @param secrets the values that must not appear
     * @return a description of each leak: which secret (by position, never its value) in which line number
     */
    public static List<String> leaks(List<String> events, Collection<String> secrets) {
        List<String> leaks = new ArrayList<>();
        List<String> ordered = List.copyOf(secrets);
        for (int line = 0; line < events.size(); line++) {
            for (int secret = 0; secret < ordered.size(); secret++) {
                if (events.get(line).contains(ordered.get(secret))) {
                    leaks.add("secret #" + secret + " in captured log event #" + line);
                }
            }
        }
        return leaks;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        assertThat(LoggerFactory.getLogger("com.azure").isTraceEnabled())
            .as("azure-core must log at its most verbose level during the suite").isTrue();
        assertThat(LoggerFactory.getLogger("io.github.openaipolicies").isTraceEnabled())
            .as("our policies must log at their most verbose level during the suite").isTrue();
        List<String> events = CapturingAppender.events();
        assertThat(events).as("the suite's log capture").isNotEmpty();
        assertThat(leaks(events, Secrets.all()))
            .as("credential values found in the log output of the suite (up to %s)", context.getDisplayName())
            .isEmpty();
    }
}
