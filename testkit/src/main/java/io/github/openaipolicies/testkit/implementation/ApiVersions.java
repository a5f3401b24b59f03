package io.github.openaipolicies.testkit.implementation;

import java.util.List;
import java.util.Set;

/**
 * The {@code api-version} values the simulator accepts unless configured otherwise: every version azure-ai-openai
 * 1.0.0-beta.16's {@code OpenAIServiceVersion} can send, and the other data-plane inference versions Azure OpenAI
 * has published (GA and preview).
 */
public final class ApiVersions {
    /** In release order. */
    public static final List<String> DEFAULT_ORDERED = List.of(
        "2022-12-01", "2023-03-15-preview", "2023-05-15", "2023-06-01-preview", "2023-07-01-preview",
        "2023-08-01-preview", "2023-09-01-preview", "2023-12-01-preview", "2024-02-01", "2024-02-15-preview",
        "2024-03-01-preview", "2024-04-01-preview", "2024-05-01-preview", "2024-06-01", "2024-07-01-preview",
        "2024-08-01-preview", "2024-09-01-preview", "2024-10-01-preview", "2024-10-21", "2024-12-01-preview",
        "2025-01-01-preview", "2025-02-01-preview", "2025-03-01-preview", "2025-04-01-preview");

    /** The same, as a set. */
    public static final Set<String> DEFAULT = Set.copyOf(DEFAULT_ORDERED);

    private ApiVersions() {
    }
}
