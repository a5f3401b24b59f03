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
        "  --profile P         quota profile: azure (default) or sliding-window",
        "  --tpm N             azure: tokens per minute, at least 1000, 0 = unlimited (default 0);",
        "                      sliding-window: estimated tokens per window, 0 = unlimited",
        "  --rpm N             azure: requests per minute (default 6 per 1000 TPM);",
        "                      sliding-window: requests per window, 0 = unlimited (default 0)",
        "  --window-seconds N  sliding-window: the window in seconds (default 60; alias --window)",
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
        out.println("  deployment: " + options.deployment + " (" + options.quota() + ")");
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
        boolean slidingWindow;
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
                    case "--profile" -> options.slidingWindow = profile(value);
                    case "--key" -> options.key = value;
                    case "--deployment" -> options.deployment = value;
                    case "--rpm" -> options.rpm = number(name, value, 0, Integer.MAX_VALUE);
                    case "--tpm" -> options.tpm = number(name, value, 0, Integer.MAX_VALUE);
                    case "--window-seconds", "--window" -> options.windowSeconds = number(name, value, 1, 86_400);
                    case "--dimensions" -> options.dimensions = number(name, value, 1, 3072);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (!options.slidingWindow && options.tpm > 0 && options.tpm < 1000) {
                throw new IllegalArgumentException("--tpm must be 0 or at least 1000 with --profile azure, was "
                    + options.tpm);
            }
            if (!options.slidingWindow && options.tpm == 0 && options.rpm > 0) {
                throw new IllegalArgumentException("--rpm needs --tpm with --profile azure");
            }
            return options;
        }

        Quota quota() {
            if (slidingWindow) {
                return rpm == 0 && tpm == 0 ? Quota.unlimited()
                    : Quota.slidingWindow(rpm, tpm, Duration.ofSeconds(windowSeconds));
            }
            if (tpm == 0) {
                return Quota.unlimited();
            }
            return rpm == 0 ? Quota.azure(tpm) : Quota.azure(tpm).withRequestsPerMinute(rpm);
        }

        AzureOpenAISimulator.Builder toBuilder() {
            return AzureOpenAISimulator.builder()
                .port(port)
                .apiKeys(key)
                .bearerTokens(key)
                .deployment(Deployment.of(deployment).withQuota(quota()))
                .embeddingDimensions(dimensions);
        }

        private static boolean profile(String value) {
            return switch (value) {
                case "azure" -> false;
                case "sliding-window" -> true;
                default -> throw new IllegalArgumentException("--profile must be azure or sliding-window, was '"
                    + value + "'");
            };
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
