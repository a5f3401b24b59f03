package io.github.openaipolicies.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Objects;

/**
 * JUnit 5 extension running one {@link AzureOpenAISimulator} per test class. Skeleton: not implemented yet.
 */
public final class AzureOpenAISimulatorExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

    private final AzureOpenAISimulator.Builder builder;

    /**
     * An extension whose simulator has every default.
     */
    public AzureOpenAISimulatorExtension() {
        this(AzureOpenAISimulator.builder());
    }

    /**
     * An extension whose simulator is configured by a builder.
     *
     * @param builder the configuration
     */
    public AzureOpenAISimulatorExtension(AzureOpenAISimulator.Builder builder) {
        this.builder = Objects.requireNonNull(builder, "builder");
    }

    /**
     * The running simulator.
     *
     * @return the simulator
     */
    public AzureOpenAISimulator simulator() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@inheritDoc} */
    @Override
    public void beforeAll(ExtensionContext context) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@inheritDoc} */
    @Override
    public void beforeEach(ExtensionContext context) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@inheritDoc} */
    @Override
    public void afterAll(ExtensionContext context) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@inheritDoc} */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == AzureOpenAISimulator.class;
    }

    /** {@inheritDoc} */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return simulator();
    }
}
