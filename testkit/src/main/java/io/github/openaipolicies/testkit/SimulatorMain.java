package io.github.openaipolicies.testkit;

/**
 * Runs an {@link AzureOpenAISimulator} standalone until Ctrl-C. Skeleton: not implemented yet.
 */
public final class SimulatorMain {
    private SimulatorMain() {
    }

    /**
     * Entry point.
     *
     * @param args {@code --port N --key K --deployment D --rpm N --tpm N --window-seconds N --dimensions N --help}
     */
    public static void main(String[] args) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
