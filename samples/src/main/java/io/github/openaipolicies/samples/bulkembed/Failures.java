// Licensed under the MIT License.
package io.github.openaipolicies.samples.bulkembed;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.openai.errors.OpenAIServiceException;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

/**
 * Tells the failures that end a run at once (a rejected credential, an unreachable endpoint, a missing deployment)
 * from those that only fail one batch, and words them as one line.
 */
public final class Failures {
    private Failures() {
    }

    /**
     * The one-line message for a failure that must stop the whole run, if it is one.
     *
     * @param error the failure of one call (after its retries)
     * @param target where the call went
     * @return the message, or empty when only this batch failed
     */
    public static Optional<String> fatal(Throwable error, Target target) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpResponseException http && http.getResponse() != null) {
                return fatalStatus(http.getResponse().getStatusCode(), target);
            }
            if (cause instanceof OpenAIServiceException service) {
                return fatalStatus(service.statusCode(), target);
            }
            if (cause instanceof ClientAuthenticationException) {
                return Optional.of("credential rejected: could not get a token for " + target.endpoint() + ": "
                    + firstLine(cause.getMessage()));
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return Optional.of("cannot reach endpoint " + target.endpoint() + ": " + describe(cause));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> fatalStatus(int status, Target target) {
        if (status == 401 || status == 403) {
            return Optional.of("credential rejected by " + target.endpoint() + " (HTTP " + status
                + "): check " + Target.API_KEY_VARIABLE + " or the identity's role on the resource");
        }
        if (status == 404) {
            return Optional.of("deployment '" + target.deployment() + "' not found at " + target.endpoint()
                + " (HTTP 404): check --deployment or " + Target.DEPLOYMENT_VARIABLE);
        }
        return Optional.empty();
    }

    /**
     * Checks that the endpoint answers, through the HTTP client the run will use (so that its proxy settings apply):
     * any HTTP response will do; a refused connection, an unknown host, a TLS handshake with an untrusted certificate
     * or a timeout is reported. These are failures the retry policy would otherwise retry for every batch.
     *
     * @param httpClient the client the run's pipeline sends through
     * @param endpoint the endpoint URL
     * @param timeout how long to wait for an answer
     * @return a one-line error, or empty when the endpoint answers
     */
    public static Optional<String> unreachable(HttpClient httpClient, String endpoint, Duration timeout) {
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            return Optional.of("not a valid endpoint URL: " + endpoint);
        }
        if (uri.getHost() == null || !("https".equalsIgnoreCase(uri.getScheme())
            || "http".equalsIgnoreCase(uri.getScheme()))) {
            return Optional.of("not a valid endpoint URL (expected https://HOST[:PORT]): " + endpoint);
        }
        try (HttpResponse response = httpClient.sendSync(new HttpRequest(HttpMethod.GET, endpoint),
            new Context("azure-response-timeout", timeout))) {
            return Optional.empty();
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof SSLException) {
                    return Optional.of("cannot reach endpoint " + endpoint + ": TLS handshake failed: "
                        + firstLine(cause.getMessage()));
                }
                if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
                    return Optional.of("cannot reach endpoint " + endpoint + ": " + describe(cause));
                }
            }
            return Optional.of("cannot reach endpoint " + endpoint + ": " + describe(e));
        }
    }

    private static String describe(Throwable error) {
        if (error instanceof UnknownHostException) {
            return "unknown host " + error.getMessage();
        }
        if (error instanceof SocketTimeoutException || error instanceof TimeoutException) {
            return "connection timed out";
        }
        if (error instanceof ConnectException) {
            String message = error.getMessage() == null ? "" : error.getMessage().toLowerCase(Locale.ROOT);
            return message.contains("refused") ? "connection refused" : firstLine(error.getMessage());
        }
        return firstLine(error.getMessage());
    }

    static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
