// Licensed under the MIT License.
package io.github.openaipolicies.gate.implementation;

import io.github.openaipolicies.gate.RequestView;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The default quota key of a request: requests with one key share one quota in the throttle gate, and one set of
 * metric attributes. A key is the scheme, host and port (lower case, default port written out) and then, by the
 * first rule that applies:
 * <ol>
 *     <li><b>Deployment</b>: a path with {@code /openai/deployments/{name}} (anywhere, so after a gateway's prefix
 *     too) keys by that segment:
 *     {@code https://Res.openai.azure.com/openai/deployments/emb/embeddings?api-version=1} →
 *     {@code https://res.openai.azure.com:443/openai/deployments/emb}.</li>
 *     <li><b>Model</b>: a versioned path ({@code /openai/v1/...}, Azure's unified API, on {@code *.openai.azure.com},
 *     {@code *.services.ai.azure.com}, {@code *.cognitiveservices.azure.com} or any host; or {@code /v1/...} without
 *     {@code openai}, as on {@code api.openai.com}) keys by the top-level {@code "model"} of its JSON body. Azure's
 *     unified API names the deployment there, so the key is the deployment's, shared with the deployment shape:
 *     {@code https://res.openai.azure.com/openai/v1/chat/completions} with {@code {"model":"gpt-4o",...}} →
 *     {@code https://res.openai.azure.com:443/openai/deployments/gpt-4o}; without {@code openai} it is the model's:
 *     {@code https://api.openai.com/v1/embeddings} with {@code {"model":"text-embedding-3-small",...}} →
 *     {@code https://api.openai.com:443/v1/models/text-embedding-3-small}. The body is read only when it is already
 *     in memory ({@link RequestView#bodyIfInMemory}, at most {@link TokenCost#MAX_PARSED_BYTES}), never with I/O; a body without
 *     a model that {@link BodyModel} reads (a file or stream body, a larger one, one whose model is not a plain
 *     string) keys by the API family, as below.</li>
 *     <li><b>API family</b>: any other path keys by the segments that name the API, never by a segment after them,
 *     where ids are. The family starts at the first {@code openai} segment (else at the first version segment
 *     {@code v1}, {@code v2}, ...; else at the start of the path), and is that {@code openai} segment, the version
 *     segment that follows, and the next segment when it is a name (1 to {@value #MAX_NAME_LENGTH} letters,
 *     {@code _}, {@code -} or {@code .}: no digit, so never an id); lower case, empty segments skipped:
 *     <ul>
 *         <li>{@code /openai/threads/thread_abc/runs/run_123} → {@code /openai/threads}</li>
 *         <li>{@code /openai/assistants?api-version=x} → {@code /openai/assistants}</li>
 *         <li>{@code /v1/files/file-abc/content} → {@code /v1/files}</li>
 *         <li>{@code /openai/v1/chat/completions} (model not read) → {@code /openai/v1/chat}</li>
 *         <li>{@code /gateway/OpenAI/Threads} → {@code /openai/threads}</li>
 *         <li>{@code /b2f1c9/x} → nothing after the port ({@code b2f1c9} has digits)</li>
 *     </ul></li>
 * </ol>
 * The query is never part of a key. Pure; a recent key of the deployment shape is reused rather than built again.
 */
public final class QuotaKeys {
    /** The longest path segment taken for an API name. */
    public static final int MAX_NAME_LENGTH = 64;

    private static final String DEPLOYMENTS = "/openai/deployments/";
    private static final String OPENAI = "openai";
    /** Deployment keys seen lately, by a hash of the host and the segment's length; a slot holds the latest. */
    private static final AtomicReferenceArray<String> RECENT = new AtomicReferenceArray<>(16);

    private QuotaKeys() {
    }

    /**
     * The default quota key of a request.
     *
     * @param request the request
     * @return the key
     */
    public static String of(RequestView request) {
        URL url = url(request);
        if (url == null) {
            return unparsed(request.url());
        }
        return url.getPath().contains(DEPLOYMENTS) ? of(url) : describe(url, request).key();
    }

    /**
     * The default quota key of a URL alone, as for a request whose body names no model.
     *
     * @param url the URL
     * @return the key
     */
    public static String of(URL url) {
        String path = url.getPath();
        int segmentStart = path.indexOf(DEPLOYMENTS);
        if (segmentStart < 0) {
            return describe(url, null).key();
        }
        int nameEnd = path.indexOf('/', segmentStart + DEPLOYMENTS.length());
        int segmentEnd = nameEnd < 0 ? path.length() : nameEnd;
        String host = url.getHost();
        int port = port(url);
        int slot = (host.hashCode() * 31 + segmentEnd - segmentStart) & (RECENT.length() - 1);
        String recent = RECENT.get(slot);
        if (recent != null && describes(recent, url.getProtocol(), host, port, path, segmentStart, segmentEnd)) {
            return recent;
        }
        String key = origin(url) + path.substring(segmentStart, segmentEnd);
        RECENT.set(slot, key);
        return key;
    }

    /**
     * The default quota key of a request and the parts it is built from.
     *
     * @param request the request
     * @return the key and its parts
     */
    public static QuotaKey describe(RequestView request) {
        URL url = url(request);
        return url == null ? new QuotaKey(unparsed(request.url()), "", null, null, null) : describe(url, request);
    }

    /** The request's URL, or null when it is not one {@link URL} reads (an adapter's mistake). */
    private static URL url(RequestView request) {
        if (request instanceof KnownUrl known) {
            return known.parsedUrl();
        }
        try {
            return new URL(request.url());
        } catch (MalformedURLException notAUrl) {
            return null;
        }
    }

    /** The key of a URL that cannot be read: the text before its query or fragment, never the query. */
    private static String unparsed(String url) {
        int end = url.length();
        for (int i = 0; i < url.length(); i++) {
            if (url.charAt(i) == '?' || url.charAt(i) == '#') {
                end = i;
                break;
            }
        }
        return url.substring(0, end);
    }

    /** The key and its parts; the body's model is read only from {@code request}, when it is not null. */
    private static QuotaKey describe(URL url, RequestView request) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        String path = url.getPath();
        int deployments = path.indexOf(DEPLOYMENTS);
        if (deployments >= 0) {
            int start = deployments + DEPLOYMENTS.length();
            int end = path.indexOf('/', start);
            String name = path.substring(start, end < 0 ? path.length() : end);
            return new QuotaKey(of(url), host, name.isEmpty() ? null : name, null, null);
        }
        String[] segments = segments(path);
        int start = indexOf(segments, OPENAI);
        if (start < 0) {
            start = Math.max(0, firstVersion(segments));
        }
        int end = start;
        boolean azure = end < segments.length && segments[end].equals(OPENAI);
        if (azure) {
            end++;
        }
        String version = end < segments.length && isVersion(segments[end]) ? segments[end++] : null;
        if (version != null && request != null) {
            byte[] body = request.bodyIfInMemory(TokenCost.MAX_PARSED_BYTES);
            String model = body == null ? null : BodyModel.of(body);
            if (model != null && azure) {
                return new QuotaKey(origin(url) + DEPLOYMENTS + model, host, model, null, null);
            }
            if (model != null) {
                return new QuotaKey(origin(url) + "/" + version + "/models/" + model, host, null, model, null);
            }
        }
        if (end < segments.length && isName(segments[end])) {
            end++;
        }
        StringBuilder family = new StringBuilder();
        for (int i = start; i < end; i++) {
            family.append('/').append(segments[i]);
        }
        String api = family.toString();
        return new QuotaKey(origin(url) + api, host, null, null, api.isEmpty() ? null : api);
    }

    /** The path's non-empty segments, lower case. */
    private static String[] segments(String path) {
        return Arrays.stream(path.split("/")).filter(segment -> !segment.isEmpty())
            .map(segment -> segment.toLowerCase(Locale.ROOT)).toArray(String[]::new);
    }

    private static int indexOf(String[] segments, String segment) {
        return Arrays.asList(segments).indexOf(segment);
    }

    private static int firstVersion(String[] segments) {
        for (int i = 0; i < segments.length; i++) {
            if (isVersion(segments[i])) {
                return i;
            }
        }
        return -1;
    }

    /** {@code v1}, {@code v2}, ...: a {@code v} and one to three digits. */
    private static boolean isVersion(String segment) {
        if (segment.length() < 2 || segment.length() > 4 || segment.charAt(0) != 'v') {
            return false;
        }
        for (int i = 1; i < segment.length(); i++) {
            if (segment.charAt(i) < '0' || segment.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** A segment that names an API: letters, {@code _}, {@code -} and {@code .} only, so never an id with digits. */
    private static boolean isName(String segment) {
        if (segment.length() > MAX_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if ((c < 'a' || c > 'z') && c != '_' && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static String origin(URL url) {
        return url.getProtocol().toLowerCase(Locale.ROOT) + "://" + url.getHost().toLowerCase(Locale.ROOT) + ":"
            + port(url);
    }

    private static int port(URL url) {
        return url.getPort() == -1 ? url.getDefaultPort() : url.getPort();
    }

    /** Whether {@code key} is the key these parts would build; false, to be safe, for any non-ASCII scheme or host. */
    private static boolean describes(String key, String scheme, String host, int port, String path, int segmentStart,
        int segmentEnd) {
        int at = lowerCaseMatch(key, 0, scheme);
        if (at < 0 || !key.startsWith("://", at)) {
            return false;
        }
        at = lowerCaseMatch(key, at + 3, host);
        if (at < 0 || at >= key.length() || key.charAt(at) != ':') {
            return false;
        }
        int portEnd = key.length() - (segmentEnd - segmentStart);
        int digits = portEnd - at - 1;
        if (digits < 1 || digits > 5) {
            return false;
        }
        int value = 0;
        for (int i = at + 1; i < portEnd; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9' || i == at + 1 && c == '0' && digits > 1) {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return value == port && key.regionMatches(portEnd, path, segmentStart, segmentEnd - segmentStart);
    }

    /** Where the lower-cased {@code part} ends in {@code key} when it is there from {@code at}, else -1. */
    private static int lowerCaseMatch(String key, int at, String part) {
        if (key.length() - at < part.length()) {
            return -1;
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c >= 0x80) {
                return -1;
            }
            char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
            if (key.charAt(at + i) != lower) {
                return -1;
            }
        }
        return at + part.length();
    }
}
