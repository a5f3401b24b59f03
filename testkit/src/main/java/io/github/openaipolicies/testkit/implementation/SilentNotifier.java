package io.github.openaipolicies.testkit.implementation;

import com.github.tomakehurst.wiremock.common.Notifier;

/**
 * A WireMock notifier that drops WireMock's own messages, so a test run's output stays quiet.
 */
public final class SilentNotifier implements Notifier {
    @Override
    public void info(String message) {
    }

    @Override
    public void error(String message) {
    }

    @Override
    public void error(String message, Throwable t) {
    }
}
