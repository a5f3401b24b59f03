package io.github.openaipolicies.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of one {@link ThrottledIngest} run, with the command-line parser.
 *
 * <p>Defaults: 600 requests, 16 in flight, 40 requests per 2 s window, 3 repeats, every row. At the limit the 600
 * requests need 15 windows (30 s), while 16 callers on loopback could send hundreds per second, so every row is
 * throttled from its first window to its last and no row needs more than about a minute.</p>
 *
 * @param requests embeddings requests per row
 * @param concurrency requests in flight at once
 * @param quota requests the simulator accepts per window
 * @param window the simulator's quota window
 * @param repeats how many times each row runs
 * @param rows the row names, in forward order
 * @param csv where the summary CSV goes (the per-run CSV goes next to it, {@code -runs} before the extension)
 * @param client which client drives the calls
 */
public record IngestSettings(int requests, int concurrency, int quota, Duration window, int repeats, List<String> rows,
                             Path csv, ClientMode client) {
    /** Which azure-ai-openai client drives the calls. */
    public enum ClientMode {
        /** {@code OpenAIAsyncClient}, {@code concurrency} calls in flight through {@code flatMap} (the default). */
        ASYNC,
        /** {@code OpenAIClient} called from {@code concurrency} threads. */
        SYNC
    }

    /** Default {@code --requests}. */
    public static final int DEFAULT_REQUESTS = 600;
    /** Default {@code --concurrency}. */
    public static final int DEFAULT_CONCURRENCY = 16;
    /** Default {@code --quota}. */
    public static final int DEFAULT_QUOTA = 40;
    /** Default {@code --window}. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(2);
    /** Default {@code --repeats}. */
    public static final int DEFAULT_REPEATS = 3;
    /** Default {@code --csv}, relative to the working directory ({@code benchmarks/} under Maven). */
    public static final Path DEFAULT_CSV = Path.of("target", "throttled-ingest.csv");

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s)?");

    /**
     * Creates and validates the settings.
     *
     * @param requests embeddings requests per row
     * @param concurrency requests in flight at once
     * @param quota requests the simulator accepts per window
     * @param window the simulator's quota window
     * @param repeats how many times each row runs
     * @param rows the row names, in forward order
     * @param csv where the summary CSV goes (the per-run CSV goes next to it, {@code -runs} before the extension)
     * @param client which client drives the calls
     * @throws IllegalArgumentException naming the option that is out of range
     * @throws NullPointerException naming the option that is missing
     */
    public IngestSettings {
        requirePositive(requests, "--requests");
        requirePositive(concurrency, "--concurrency");
        requirePositive(quota, "--quota");
        requirePositive(repeats, "--repeats");
        Objects.requireNonNull(window, "--window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("--window must be positive, was " + window);
        }
        Objects.requireNonNull(rows, "--rows");
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("--rows must name at least one row of " + IngestRows.names());
        }
        rows = List.copyOf(rows);
        IngestRows.select(rows);
        Objects.requireNonNull(csv, "--csv");
        Objects.requireNonNull(client, "--client");
    }

    /**
     * The settings with every default.
     *
     * @return the defaults
     */
    public static IngestSettings defaults() {
        return new IngestSettings(DEFAULT_REQUESTS, DEFAULT_CONCURRENCY, DEFAULT_QUOTA, DEFAULT_WINDOW, DEFAULT_REPEATS,
            IngestRows.names(), DEFAULT_CSV, ClientMode.ASYNC);
    }

    /**
     * Parses {@code --requests N --concurrency C --quota Q --window 2s --repeats R --rows a,b --csv path
     * --client async|sync}; every option is optional, a window is given as seconds ({@code 2}, {@code 1.5s}) or
     * milliseconds ({@code 500ms}).
     *
     * @param args the command line
     * @return the settings
     * @throws IllegalArgumentException for an unknown option, a missing value or a value out of range
     */
    public static IngestSettings parse(String... args) {
        IngestSettings defaults = defaults();
        int requests = defaults.requests();
        int concurrency = defaults.concurrency();
        int quota = defaults.quota();
        Duration window = defaults.window();
        int repeats = defaults.repeats();
        List<String> rows = defaults.rows();
        Path csv = defaults.csv();
        ClientMode client = defaults.client();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (!option.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + option + "'\n" + usage());
            }
            String value;
            int equals = option.indexOf('=');
            if (equals > 0) {
                value = option.substring(equals + 1);
                option = option.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(option + " needs a value\n" + usage());
            }
            switch (option) {
                case "--requests" -> requests = parseInt(option, value);
                case "--concurrency" -> concurrency = parseInt(option, value);
                case "--quota" -> quota = parseInt(option, value);
                case "--window" -> window = parseDuration(option, value);
                case "--repeats" -> repeats = parseInt(option, value);
                case "--rows" -> rows = parseList(value);
                case "--csv" -> csv = Path.of(value);
                case "--client" -> client = parseClient(option, value);
                default -> throw new IllegalArgumentException("unknown option '" + option + "'\n" + usage());
            }
        }
        return new IngestSettings(requests, concurrency, quota, window, repeats, rows, csv, client);
    }

    /**
     * The command-line help.
     *
     * @return the usage text
     */
    public static String usage() {
        return "usage: ThrottledIngest [--requests " + DEFAULT_REQUESTS + "] [--concurrency " + DEFAULT_CONCURRENCY
            + "] [--quota " + DEFAULT_QUOTA + "] [--window 2s] [--repeats " + DEFAULT_REPEATS + "] [--rows "
            + String.join(",", IngestRows.names()) + "] [--csv " + DEFAULT_CSV + "] [--client async|sync]";
    }

    /**
     * The path of the per-run CSV: the summary path with {@code -runs} before its extension.
     *
     * @return the per-run CSV path
     */
    public Path runsCsv() {
        String name = csv.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String runs = dot > 0 ? name.substring(0, dot) + "-runs" + name.substring(dot) : name + "-runs";
        return csv.resolveSibling(runs);
    }

    private static int parseInt(String option, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, was '" + value + "'", e);
        }
    }

    private static Duration parseDuration(String option, String value) {
        Matcher matcher = DURATION.matcher(value.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(option + " must look like 2, 1.5s or 500ms, was '" + value + "'");
        }
        double amount = Double.parseDouble(matcher.group(1));
        double millis = "ms".equals(matcher.group(2)) ? amount : amount * 1000;
        return Duration.ofMillis(Math.round(millis));
    }

    private static ClientMode parseClient(String option, String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "async":
                return ClientMode.ASYNC;
            case "sync":
                return ClientMode.SYNC;
            default:
                throw new IllegalArgumentException(option + " must be async or sync, was '" + value + "'");
        }
    }

    private static List<String> parseList(String value) {
        List<String> names = new ArrayList<>();
        Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(names::add);
        return names;
    }

    private static void requirePositive(int value, String option) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be positive, was " + value);
        }
    }
}
