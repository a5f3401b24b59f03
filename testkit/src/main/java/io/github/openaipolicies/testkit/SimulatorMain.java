package io.github.openaipolicies.testkit;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link AzureOpenAISimulator} standalone until Ctrl-C, e.g. to point a sample or a benchmark at it:
 *
 * <pre>
 * mvn -pl testkit exec:java -Dexec.args="--port 8443 --rpm 60 --tpm 10000 --window-seconds 10"
 * </pre>
 *
 * <p>Options (all optional): {@code --port N} (0, the default, picks a free port), {@code --key K} (the accepted API
 * key and bearer token; default {@link AzureOpenAISimulator#DEFAULT_API_KEY}), {@code --deployment D} (default
 * {@link AzureOpenAISimulator#DEFAULT_DEPLOYMENT}), {@code --rpm N} and {@code --tpm N} (requests and tokens per
 * window, 0 = unlimited, the default), {@code --window-seconds N} (alias {@code --window}, default 60),
 * {@code --dimensions N} (default {@value AzureOpenAISimulator#DEFAULT_EMBEDDING_DIMENSIONS}), {@code --help}.</p>
 */
public final class SimulatorMain {
    private static final String USAGE = String.join(System.lineSeparator(),
        "Usage: SimulatorMain [options]",
        "  --port N            HTTPS port on 127.0.0.1 (default 0: a free port)",
        "  --key K             accepted API key, also accepted as a bearer token (default "
            + AzureOpenAISimulator.DEFAULT_API_KEY + ")",
        "  --deployment D      deployment name (default " + AzureOpenAISimulator.DEFAULT_DEPLOYMENT + ")",
        "  --rpm N             requests per window, 0 = unlimited (default 0)",
        "  --tpm N             estimated tokens per window, 0 = unlimited (default 0)",
        "  --window-seconds N  quota window in seconds (default 60; alias --window)",
        "  --dimensions N      embedding length (default " + AzureOpenAISimulator.DEFAULT_EMBEDDING_DIMENSIONS + ")",
        "  --help              print this help");

    private SimulatorMain() {
    }

    /**
     * Parses the options, starts the simulator, prints its endpoint, key and a curl example, and waits until the JVM
     * is stopped (a shutdown hook closes the simulator). Exits with status 2 on a bad option.
     *
     * @param args the options described in the class documentation
     */
    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(USAGE);
            return;
        }
        AzureOpenAISimulator simulator = options.toBuilder().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        printBanner(System.out, simulator, options);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            simulator.close();
        }
    }

    static void printBanner(PrintStream out, AzureOpenAISimulator simulator, Options options) {
        out.println("Azure OpenAI simulator listening on " + simulator.endpoint() + " (127.0.0.1, self-signed "
            + "certificate for localhost)");
        out.println("  api-key / bearer token: " + options.key);
        out.println("  deployment: " + options.deployment + " (requests per window: "
            + (options.rpm == 0 ? "unlimited" : options.rpm) + ", tokens per window: "
            + (options.tpm == 0 ? "unlimited" : options.tpm) + ", window: " + options.windowSeconds + " s)");
        out.println("Try (-k: the certificate is the testkit's own):");
        out.println("  curl -k -H 'api-key: " + options.key + "' -H 'Content-Type: application/json' \\");
        out.println("    -d '{\"input\":\"hello\"}' '" + simulator.endpoint() + "/openai/deployments/"
            + options.deployment + "/embeddings?api-version=2024-06-01'");
        out.println("Press Ctrl-C to stop.");
    }

    /** The parsed command line. */
    static final class Options {
        int port;
        String key = AzureOpenAISimulator.DEFAULT_API_KEY;
        String deployment = AzureOpenAISimulator.DEFAULT_DEPLOYMENT;
        int rpm;
        int tpm;
        int windowSeconds = (int) AzureOpenAISimulator.DEFAULT_WINDOW.getSeconds();
        int dimensions = AzureOpenAISimulator.DEFAULT_EMBEDDING_DIMENSIONS;
        boolean help;

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--help") || name.equals("-h")) {
                    options.help = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + name);
                }
                String value = args[++i];
                switch (name) {
                    case "--port" -> options.port = number(name, value, 0, 65535);
                    case "--key" -> options.key = value;
                    case "--deployment" -> options.deployment = value;
                    case "--rpm" -> options.rpm = number(name, value, 0, Integer.MAX_VALUE);
                    case "--tpm" -> options.tpm = number(name, value, 0, Integer.MAX_VALUE);
                    case "--window-seconds", "--window" -> options.windowSeconds = number(name, value, 1, 86_400);
                    case "--dimensions" -> options.dimensions = number(name, value, 1, 3072);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            return options;
        }

        AzureOpenAISimulator.Builder toBuilder() {
            return AzureOpenAISimulator.builder()
                .port(port)
                .apiKeys(key)
                .bearerTokens(key)
                .deployment(deployment, rpm, tpm)
                .window(Duration.ofSeconds(windowSeconds))
                .embeddingDimensions(dimensions);
        }

        private static int number(String name, String value, int min, int max) {
            try {
                int number = Integer.parseInt(value);
                if (number < min || number > max) {
                    throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", was " + value);
                }
                return number;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs a whole number, was '" + value + "'");
            }
        }
    }
}
