package io.github.openaipolicies.testkit.implementation;

import io.github.openaipolicies.testkit.Operation;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which operation a request's method and URL address.
 *
 * @param operation the operation ({@link Operation#UNKNOWN} for anything else)
 * @param pathDeployment the deployment named in an Azure deployments path, or null
 * @param apiVersion the {@code api-version} query parameter, or null
 */
public record Route(Operation operation, String pathDeployment, String apiVersion) {
    private static final Pattern AZURE =
        Pattern.compile("/openai/deployments/([^/]+)/(embeddings|chat/completions)");
    private static final Pattern API_VERSION = Pattern.compile("(?:^|&)api-version=([^&]*)");

    /**
     * Parses a request line.
     *
     * @param method the HTTP method
     * @param url the path with its query string
     * @return the route
     */
    public static Route of(String method, String url) {
        int question = url.indexOf('?');
        String path = question < 0 ? url : url.substring(0, question);
        String query = question < 0 ? "" : url.substring(question + 1);
        Matcher versionMatcher = API_VERSION.matcher(query);
        String apiVersion = versionMatcher.find() ? decode(versionMatcher.group(1)) : null;
        if (!"POST".equalsIgnoreCase(method)) {
            return new Route(Operation.UNKNOWN, null, apiVersion);
        }
        Matcher azure = AZURE.matcher(path);
        if (azure.matches()) {
            Operation operation = azure.group(2).equals("embeddings") ? Operation.EMBEDDINGS : Operation.CHAT_COMPLETIONS;
            return new Route(operation, decode(azure.group(1)), apiVersion);
        }
        return switch (path) {
            case "/v1/embeddings" -> new Route(Operation.OPENAI_EMBEDDINGS, null, apiVersion);
            case "/v1/chat/completions" -> new Route(Operation.OPENAI_CHAT_COMPLETIONS, null, apiVersion);
            case "/openai/v1/embeddings" -> new Route(Operation.AZURE_V1_EMBEDDINGS, null, apiVersion);
            case "/openai/v1/chat/completions" -> new Route(Operation.AZURE_V1_CHAT_COMPLETIONS, null, apiVersion);
            default -> new Route(Operation.UNKNOWN, null, apiVersion);
        };
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
