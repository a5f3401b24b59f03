package io.github.openaipolicies.testkit;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the standalone simulator prints: its endpoint, its key, and a {@code curl} line that works against it (the
 * line is taken apart and sent as it stands: its headers, its body and its URL).
 */
class SimulatorMainBannerTest {
    private static final Pattern HEADER = Pattern.compile("-H '([^:']+): ([^']*)'");
    private static final Pattern DATA = Pattern.compile("-d '([^']*)'");
    private static final Pattern URL = Pattern.compile("'(https://[^']+)'");

    @Test
    void printsEndpointKeyAndACurlLineThatWorks() {
        SimulatorMain.Options options = SimulatorMain.Options.parse(new String[] {"--key", "my-key",
            "--deployment", "emb", "--tpm", "30000"});
        try (AzureOpenAISimulator simulator = options.toBuilder().start()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            SimulatorMain.printBanner(new PrintStream(bytes, true, StandardCharsets.UTF_8), simulator, options);
            String banner = bytes.toString(StandardCharsets.UTF_8);

            assertThat(banner).contains("listening on https://localhost:" + simulator.port() + " ")
                .contains("api-key / bearer token: my-key")
                .contains("deployment: emb (Quota[azure, 30000 TPM, 180 RPM])");
            String curl = curlCommand(banner);
            assertThat(curl).startsWith("curl -k ");
            HttpResponse response = send(simulator, curl);

            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(response.getBodyAsString().block()).contains("\"object\":\"embedding\"");
            assertThat(simulator.journal().entries()).singleElement().satisfies(entry -> {
                assertThat(entry.deployment()).isEqualTo("emb");
                assertThat(entry.apiKeyValueCount()).isEqualTo(1);
            });
        }
    }

    @Test
    void theSlidingWindowProfileIsAvailableByName() {
        SimulatorMain.Options options = SimulatorMain.Options.parse(new String[] {"--profile", "sliding-window",
            "--rpm", "3", "--window-seconds", "2"});

        assertThat(options.quota()).isEqualTo(Quota.slidingWindow(3, 0, java.time.Duration.ofSeconds(2)));
        assertThat(SimulatorMain.Options.parse(new String[0]).quota()).isEqualTo(Quota.unlimited());
        assertThat(SimulatorMain.Options.parse(new String[] {"--tpm", "2000", "--rpm", "5"}).quota())
            .isEqualTo(Quota.azure(2000).withRequestsPerMinute(5));
    }

    /** The lines from {@code curl} to the end of the command, with the shell's line continuations joined. */
    private static String curlCommand(String banner) {
        String fromCurl = banner.substring(banner.indexOf("curl "));
        StringBuilder command = new StringBuilder();
        for (String line : fromCurl.split("\\R")) {
            String trimmed = line.trim();
            if (trimmed.endsWith("\\")) {
                command.append(trimmed, 0, trimmed.length() - 1);
            } else {
                command.append(trimmed);
                break;
            }
        }
        return command.toString();
    }

    private static HttpResponse send(AzureOpenAISimulator simulator, String curl) {
        Matcher url = URL.matcher(curl.substring(curl.lastIndexOf(" '")));
        assertThat(url.find()).as("URL in %s", curl).isTrue();
        Matcher data = DATA.matcher(curl);
        assertThat(data.find()).as("-d in %s", curl).isTrue();
        HttpRequest request = new HttpRequest(HttpMethod.POST, url.group(1)).setBody(data.group(1));
        List<String> names = new ArrayList<>();
        Matcher header = HEADER.matcher(curl);
        while (header.find()) {
            request.setHeader(HttpHeaderName.fromString(header.group(1)), header.group(2));
            names.add(header.group(1));
        }
        assertThat(names).contains("api-key", "Content-Type");
        return SimulatorClients.sendRaw(simulator, request);
    }
}
