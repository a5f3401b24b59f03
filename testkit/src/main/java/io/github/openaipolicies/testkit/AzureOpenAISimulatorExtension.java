package io.github.openaipolicies.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Objects;

/**
 * JUnit 5 extension running one {@link AzureOpenAISimulator} per test class: started before all tests, {@link
 * AzureOpenAISimulator#reset() reset} (journal, quota windows, pending faults, an outage) before each test, closed
 * after all tests. It also resolves test and lifecycle method parameters of type {@link AzureOpenAISimulator}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final AzureOpenAISimulatorExtension SIM = new AzureOpenAISimulatorExtension(
 *     AzureOpenAISimulator.builder().deployment("emb", 10, 10_000).window(Duration.ofSeconds(1)));
 *
 * @Test
 * void embeds(AzureOpenAISimulator simulator) { ... SIM.simulator().endpoint() ... }
 * }</pre>
 *
 * <p>Register it on a {@code static} field: on an instance field JUnit calls no class-level callbacks, so the
 * simulator would start lazily on first use and never be closed. Nested test classes share their outer class's
 * simulator.</p>
 */
public final class AzureOpenAISimulatorExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

    private final AzureOpenAISimulator.Builder builder;
    private AzureOpenAISimulator simulator;
    private ExtensionContext owner;

    /**
     * An extension whose simulator has every default (see {@link AzureOpenAISimulator#start()}).
     */
    public AzureOpenAISimulatorExtension() {
        this(AzureOpenAISimulator.builder());
    }

    /**
     * An extension whose simulator is configured by a builder (started in {@code beforeAll}).
     *
     * @param builder the configuration
     */
    public AzureOpenAISimulatorExtension(AzureOpenAISimulator.Builder builder) {
        this.builder = Objects.requireNonNull(builder, "builder");
    }

    /**
     * The running simulator, started now if no callback has started it yet.
     *
     * @return the simulator
     */
    public synchronized AzureOpenAISimulator simulator() {
        if (simulator == null) {
            simulator = builder.start();
        }
        return simulator;
    }

    /**
     * Starts the simulator, unless an enclosing class already did.
     *
     * @param context the class's context
     */
    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (simulator == null) {
            simulator = builder.start();
            owner = context;
        }
    }

    /**
     * Resets the simulator's journal, quota windows and pending faults.
     *
     * @param context the test's context
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        simulator().reset();
    }

    /**
     * Closes the simulator when the class that started it is done.
     *
     * @param context the class's context
     */
    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (simulator != null && (owner == null || owner == context)) {
            simulator.close();
            simulator = null;
            owner = null;
        }
    }

    /**
     * Supports parameters of type {@link AzureOpenAISimulator}.
     *
     * @param parameterContext the parameter
     * @param extensionContext the context
     * @return whether the parameter's type is {@link AzureOpenAISimulator}
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == AzureOpenAISimulator.class;
    }

    /**
     * Resolves an {@link AzureOpenAISimulator} parameter to the running simulator.
     *
     * @param parameterContext the parameter
     * @param extensionContext the context
     * @return the simulator
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return simulator();
    }
}
