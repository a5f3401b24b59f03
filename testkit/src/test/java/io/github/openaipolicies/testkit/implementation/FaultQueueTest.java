package io.github.openaipolicies.testkit.implementation;

import io.github.openaipolicies.testkit.Fault;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultQueueTest {
    private final FaultQueue queue = new FaultQueue();

    @Test
    void aFaultPlaysExactlyTheGivenNumberOfTimes() {
        Fault fault = Fault.status(503);
        queue.add(null, fault, 2);

        assertThat(queue.take("a")).contains(fault);
        assertThat(queue.take("b")).contains(fault);
        assertThat(queue.take("a")).isEmpty();
    }

    @Test
    void aDeploymentFaultSkipsOtherDeployments() {
        Fault fault = Fault.connectionReset();
        queue.add("a", fault, 1);

        assertThat(queue.take("b")).isEmpty();
        assertThat(queue.take("a")).contains(fault);
    }

    @Test
    void faultsPlayInInjectionOrder() {
        Fault first = Fault.status(500);
        Fault second = Fault.status(503);
        queue.add(null, first, 1);
        queue.add(null, second, 1);

        assertThat(queue.take("a")).contains(first);
        assertThat(queue.take("a")).contains(second);
    }

    @Test
    void clearDropsPendingFaults() {
        queue.add(null, Fault.status(500), 3);
        queue.clear();

        assertThat(queue.remaining()).isZero();
        assertThat(queue.take("a")).isEmpty();
    }

    @Test
    void timesMustBePositive() {
        assertThatThrownBy(() -> queue.add(null, Fault.status(500), 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("times");
    }
}
