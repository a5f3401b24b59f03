package io.github.openaipolicies.testkit.implementation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS material of the simulator: the key store its HTTPS server presents, and the client side trust that accepts
 * exactly that one certificate (no trust-all manager anywhere).
 *
 * <p>The key store {@code io/github/openaipolicies/testkit/simulator.p12} is shipped in the testkit jar. It holds one
 * self-signed RSA 2048 key pair for {@code CN=localhost} with the subject alternative names {@code localhost},
 * {@code 127.0.0.1} and {@code ::1}, valid for 100 years, so clients keep hostname verification on. It was generated
 * once with:
 *
 * <pre>
 * keytool -genkeypair -alias simulator -keyalg RSA -keysize 2048 -validity 36500 -dname "CN=localhost" \
 *     -ext "SAN=dns:localhost,ip:127.0.0.1,ip:0:0:0:0:0:0:0:1" -storetype PKCS12 \
 *     -keystore simulator.p12 -storepass simulator -keypass simulator
 * </pre>
 *
 * <p>The private key protects nothing: it is public test material that only ever serves loopback.
 */
public final class SimulatorTls {

    /** Class path location of the simulator's key store. */
    public static final String KEYSTORE_RESOURCE = "/io/github/openaipolicies/testkit/simulator.p12";

    /** Alias of the simulator's key pair in the key store. */
    public static final String KEY_ALIAS = "simulator";

    private static final String PASSWORD = "simulator";
    private static final String KEYSTORE_TYPE = "PKCS12";

    private static final class Material {
        static final X509Certificate CERTIFICATE = loadCertificate();
        static final X509TrustManager TRUST_MANAGER = createTrustManager(CERTIFICATE);
        static final SSLContext SSL_CONTEXT = createSslContext(TRUST_MANAGER);
    }

    private static final class ExtractedKeystore {
        static final Path PATH = extractKeystore();
    }

    private SimulatorTls() {
    }

    /**
     * Returns the class path URL of the simulator's key store.
     *
     * @return the URL of {@link #KEYSTORE_RESOURCE}
     */
    public static URL keystoreUrl() {
        return Objects.requireNonNull(SimulatorTls.class.getResource(KEYSTORE_RESOURCE),
            "missing resource " + KEYSTORE_RESOURCE);
    }

    /**
     * Returns the absolute path of a file holding the simulator's key store, for WireMock's
     * {@code WireMockConfiguration.keystorePath(...)}. The key store is copied out of the class path once per JVM into
     * a temporary file that is deleted when the JVM exits.
     *
     * @return the absolute file path of the extracted key store
     */
    public static String keystorePath() {
        return ExtractedKeystore.PATH.toAbsolutePath().toString();
    }

    /**
     * Returns the key store password, for WireMock's {@code keystorePassword(...)}.
     *
     * @return the key store password
     */
    public static String keystorePassword() {
        return PASSWORD;
    }

    /**
     * Returns the password of the private key, for WireMock's {@code keyManagerPassword(...)}.
     *
     * @return the key password
     */
    public static String keyManagerPassword() {
        return PASSWORD;
    }

    /**
     * Returns the key store type, for WireMock's {@code keystoreType(...)}.
     *
     * @return {@code "PKCS12"}
     */
    public static String keystoreType() {
        return KEYSTORE_TYPE;
    }

    /**
     * Returns the simulator's certificate.
     *
     * @return the self-signed certificate the simulator presents
     */
    public static X509Certificate certificate() {
        return Material.CERTIFICATE;
    }

    /**
     * Returns a trust manager that trusts exactly the simulator's certificate and nothing else (not even the JDK's
     * default certificate authorities).
     *
     * @return the shared trust manager
     */
    public static X509TrustManager trustManager() {
        return Material.TRUST_MANAGER;
    }

    /**
     * Returns a TLS client context that trusts exactly the simulator's certificate.
     *
     * @return the shared client {@link SSLContext}
     */
    public static SSLContext sslContext() {
        return Material.SSL_CONTEXT;
    }

    private static KeyStore loadKeystore() {
        try (InputStream in = keystoreUrl().openStream()) {
            KeyStore keyStore = KeyStore.getInstance(KEYSTORE_TYPE);
            keyStore.load(in, PASSWORD.toCharArray());
            return keyStore;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + KEYSTORE_RESOURCE, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load " + KEYSTORE_RESOURCE, e);
        }
    }

    private static X509Certificate loadCertificate() {
        try {
            return (X509Certificate) Objects.requireNonNull(loadKeystore().getCertificate(KEY_ALIAS),
                "no certificate under alias " + KEY_ALIAS + " in " + KEYSTORE_RESOURCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the certificate from " + KEYSTORE_RESOURCE, e);
        }
    }

    private static X509TrustManager createTrustManager(X509Certificate certificate) {
        try {
            KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
            trustStore.load(null, null);
            trustStore.setCertificateEntry(KEY_ALIAS, certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trustStore);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager) {
                    return (X509TrustManager) manager;
                }
            }
            throw new IllegalStateException("the default TrustManagerFactory produced no X509TrustManager");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the simulator trust manager", e);
        }
    }

    private static SSLContext createSslContext(X509TrustManager trustManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the simulator SSLContext", e);
        }
    }

    private static Path extractKeystore() {
        try (InputStream in = keystoreUrl().openStream()) {
            Path file = Files.createTempFile("openai-simulator-", ".p12");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + KEYSTORE_RESOURCE + " to a temporary file", e);
        }
    }
}
