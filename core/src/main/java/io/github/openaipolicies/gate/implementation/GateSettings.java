// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.gate.ThrottleGateOptions;

import java.time.Duration;

/**
 * The numbers a {@link KeyLedger} and {@link KeyQueue} decide by, taken from {@link ThrottleGateOptions}.
 *
 * @param initialAdmission attempts in flight to a key while no counter is believed, at first and after a hold
 * @param maxRetryAfter the longest server delay that becomes a hold
 * @param counterValidity how long a counter is believed without a reset hint
 * @param maxWait the most one attempt waits
 * @param idleKeyTimeout after how long an unused key is forgotten
 */
public record GateSettings(int initialAdmission, Duration maxRetryAfter, Duration counterValidity, Duration maxWait,
    Duration idleKeyTimeout) {

    /**
     * The settings of validated options.
     *
     * @param options the options
     * @return the settings
     */
    public static GateSettings of(ThrottleGateOptions options) {
        return new GateSettings(options.getInitialAdmission(), options.getMaxRetryAfter(),
            options.getCounterValidity(), options.getMaxWait(), options.getIdleKeyTimeout());
    }
}
