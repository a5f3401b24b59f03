/**
 * An Azure OpenAI simulator for tests: a WireMock server on a loopback HTTPS port that answers the embeddings and
 * chat completions operations of Azure OpenAI (deployments and unified {@code /openai/v1} routes, and the
 * {@code api.openai.com/v1} shape) with realistic JSON, checks credentials the way the service does (a request with
 * two credential values is refused with 401), throttles per deployment with Azure's 429 responses and headers,
 * injects faults on demand, and records every request in a
 * {@link io.github.openaipolicies.testkit.Journal} for assertions.
 *
 * <p>Start one with {@link io.github.openaipolicies.testkit.AzureOpenAISimulator#builder()}, or let the JUnit 5
 * {@link io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension} manage one per test class. Run one
 * standalone with {@link io.github.openaipolicies.testkit.SimulatorMain}.</p>
 */
package io.github.openaipolicies.testkit;
