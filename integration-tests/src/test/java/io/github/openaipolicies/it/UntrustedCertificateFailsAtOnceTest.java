// Licensed under the MIT License.
package io.github.openaipolicies.it;

import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.EmbeddingsOptions;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.okhttp.OkHttpAsyncHttpClientBuilder;
import com.azure.core.util.Configuration;
import io.github.openaipolicies.OpenAIPipelines;
import io.github.openaipolicies.it.support.ClientMode;
import io.github.openaipolicies.it.support.RecordingHttpClient;
import io.github.openaipolicies.testkit.AzureOpenAISimulator;
import io.github.openaipolicies.testkit.AzureOpenAISimulatorExtension;
import io.github.openaipolicies.testkit.HttpClientKind;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLHandshakeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A server whose certificate the client does not trust is a configuration error: with {@code install}'s default
 * retry options (which would retry an I/O error for about a minute), the call fails after one attempt, with the TLS
 * handshake error in its causes. The simulator serves HTTPS with its own certificate; each transport is built plainly,
 * trusting only the JVM's default authorities, so the handshake really fails.
 */
@Timeout(60) // only so that a regression that retries fails instead of holding the build for long
class UntrustedCertificateFailsAtOnceTest {
    @RegisterExtension
    static final AzureOpenAISimulatorExtension SIMULATOR = new AzureOpenAISimulatorExtension();

    static Stream<Arguments> transportsAndModes() {
        return Arrays.stream(HttpClientKind.values())
            .flatMap(kind -> Arrays.stream(ClientMode.values()).map(mode -> Arguments.of(kind, mode)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("transportsAndModes")
    void theTlsErrorSurfacesAfterOneAttempt(HttpClientKind kind, ClientMode mode) {
        AzureOpenAISimulator simulator = SIMULATOR.simulator();
        int journalBefore = simulator.journal().size();
        RecordingHttpClient transport = new RecordingHttpClient(trustingOnlyDefaultAuthorities(kind),
            simulator.port(), value -> "noted");
        OpenAIClientBuilder builder = OpenAIPipelines.install(new OpenAIClientBuilder().endpoint(simulator.endpoint())
            .credential(new AzureKeyCredential(AzureOpenAISimulator.DEFAULT_API_KEY)).httpClient(transport));
        EmbeddingsOptions options = new EmbeddingsOptions(List.of("hello"));

        Throwable thrown = catchThrowable(() -> {
            if (mode == ClientMode.SYNC) {
                builder.buildClient().getEmbeddings(AzureOpenAISimulator.DEFAULT_DEPLOYMENT, options);
            } else {
                builder.buildAsyncClient().getEmbeddings(AzureOpenAISimulator.DEFAULT_DEPLOYMENT, options).block();
            }
        });

        assertThat(causes(thrown)).as("causes of %s", thrown).hasAtLeastOneElementOfType(SSLHandshakeException.class);
        assertThat(transport.authorizationLabels()).as("attempts that left the pipeline").hasSize(1);
        assertThat(simulator.journal().size()).as("requests that reached the simulator").isEqualTo(journalBefore);
    }

    private static HttpClient trustingOnlyDefaultAuthorities(HttpClientKind kind) {
        return switch (kind) {
            case NETTY -> new NettyAsyncHttpClientBuilder().configuration(Configuration.NONE).build();
            case OKHTTP -> new OkHttpAsyncHttpClientBuilder().configuration(Configuration.NONE).build();
            case JDK -> new JdkHttpClientBuilder().configuration(Configuration.NONE).build();
        };
    }

    private static List<Throwable> causes(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = error; cause != null && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }
}
