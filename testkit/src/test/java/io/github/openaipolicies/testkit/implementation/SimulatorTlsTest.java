package io.github.openaipolicies.testkit.implementation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatorTlsTest {

    private static WireMockServer simulatorCertServer;
    private static WireMockServer otherCertServer;

    @BeforeAll
    static void startServers() {
        simulatorCertServer = new WireMockServer(wireMockConfig()
            .bindAddress("127.0.0.1")
            .httpDisabled(true)
            .dynamicHttpsPort()
            .keystorePath(SimulatorTls.keystorePath())
            .keystorePassword(SimulatorTls.keystorePassword())
            .keyManagerPassword(SimulatorTls.keyManagerPassword())
            .keystoreType(SimulatorTls.keystoreType()));
        // WireMock's own built-in key store: a different certificate
        otherCertServer = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").httpDisabled(true)
            .dynamicHttpsPort());
        for (WireMockServer server : List.of(simulatorCertServer, otherCertServer)) {
            server.start();
            server.stubFor(get("/ping").willReturn(aResponse().withStatus(200).withBody("pong")));
        }
    }

    @AfterAll
    static void stopServers() {
        simulatorCertServer.stop();
        otherCertServer.stop();
    }

    @Test
    void certificateNamesLocalhostAndLoopbackAddresses() throws Exception {
        X509Certificate certificate = SimulatorTls.certificate();
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        List<String> values = names.stream().map(name -> String.valueOf(name.get(1))).collect(Collectors.toList());

        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(values).contains("localhost", "127.0.0.1").anyMatch(value -> value.startsWith("0:0:0:0:0:0:0:1"));
        assertThat(certificate.getNotAfter().toInstant())
            .isAfter(certificate.getNotBefore().toInstant().plusSeconds(99L * 365 * 24 * 3600));
    }

    @Test
    void keystorePathIsOneReadableFileIdenticalToTheResource() throws Exception {
        Path path = Path.of(SimulatorTls.keystorePath());

        assertThat(path).isRegularFile();
        assertThat(SimulatorTls.keystorePath()).isEqualTo(path.toString());
        try (var in = SimulatorTls.keystoreUrl().openStream()) {
            assertThat(Files.readAllBytes(path)).isEqualTo(in.readAllBytes());
        }
    }

    @Test
    void trustManagerTrustsOnlyTheSimulatorCertificate() {
        assertThat(SimulatorTls.trustManager().getAcceptedIssuers()).containsExactly(SimulatorTls.certificate());
    }

    @Test
    void trustManagerRejectsAnotherCertificate() {
        assertThatThrownBy(() -> SimulatorTls.trustManager().checkServerTrusted(
            new X509Certificate[] {otherCertificate()}, "RSA"))
            .isInstanceOf(CertificateException.class);
    }

    @Test
    void sslContextReachesAServerPresentingTheSimulatorCertificateByNameAndByAddress() throws Exception {
        assertThat(fetch("https://localhost:" + simulatorCertServer.httpsPort() + "/ping")).isEqualTo("pong");
        assertThat(fetch("https://127.0.0.1:" + simulatorCertServer.httpsPort() + "/ping")).isEqualTo("pong");
    }

    @Test
    void sslContextRefusesAServerPresentingAnotherCertificate() {
        assertThatThrownBy(() -> fetch("https://localhost:" + otherCertServer.httpsPort() + "/ping"))
            .isInstanceOf(SSLHandshakeException.class);
    }

    /** The certificate of WireMock's built-in key store, which {@code otherCertServer} presents. */
    private static X509Certificate otherCertificate() throws Exception {
        KeyStore keyStore = wireMockConfig().httpsSettings().keyStore().loadStore();
        return (X509Certificate) keyStore.getCertificate(keyStore.aliases().nextElement());
    }

    private static String fetch(String url) throws Exception {
        HttpsURLConnection connection = open(url, SimulatorTls.sslContext());
        try (var in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }

    private static HttpsURLConnection open(String url, SSLContext context) throws Exception {
        HttpsURLConnection connection = (HttpsURLConnection) new URL(url).openConnection();
        connection.setSSLSocketFactory(context.getSocketFactory());
        return connection;
    }
}
