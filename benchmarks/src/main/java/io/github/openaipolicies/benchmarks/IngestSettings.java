package io.github.openaipolicies.benchmarks;

import io.github.openaipolicies.testkit.Quota;

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
 * <p>Defaults: Azure's quota profile, 600 requests, 16 in flight, 200 requests per 10 s window (a 200,000 TPM, 1,200
 * RPM deployment), 3 repeats, every row. At the limit the 600 requests need 3 windows (30 s), while 16 callers on
 * loopback could send hundreds per second, so every row is throttled from its first window to its last and no row
 * needs more than about a minute. With {@code --profile sliding-window} the simulator counts requests over one sliding
 * window instead ({@code --window}, default 2 s, and {@code --quota}, default 40). {@code --setting tight} brings its
 * own: 100 requests, 32 in flight, 10 requests per 1 s sliding window.</p>
 *
 * @param requests embeddings requests per row
 * @param concurrency requests in flight at once
 * @param quota requests the simulator accepts per window
 * @param window the simulator's quota window (10 s under Azure's profile)
 * @param repeats how many times each row runs
 * @param rows the row names, in forward order
 * @param csv where the summary CSV goes (the per-run CSV goes next to it, {@code -runs} before the extension)
 * @param client which client drives the calls
 * @param profile the simulator's quota profile: {@link Quota.Profile#AZURE} or {@link Quota.Profile#SLIDING_WINDOW}
 * @param setting which limit binds: the request quota, the token quota, or none
 * @param inputs input strings per embeddings request, each {@link Setting#inputChars()} characters long
 * @param faults the shape of the simulator's throttling 429s: as it sends them, a seeded mix of messier ones, or
 *     sparse (a whole-second {@code retry-after} only, no counters on any answer)
 * @param seed the seed of the messy mix
 * @param pause with {@code --setting lull}, the pause between the steady phase and the burst
 * @param latency how long the simulator takes to answer each request (0 by default, 200 ms with {@code --setting
 *     lull})
 */
public record IngestSettings(int requests, int concurrency, int quota, Duration window, int repeats, List<String> rows,
                             Path csv, ClientMode client, Quota.Profile profile, Setting setting, int inputs,
                             Faults faults, long seed, Duration pause, Duration latency) {
    /** The shape of the simulator's throttling 429s, one flag away ({@code --faults}). */
    public enum Faults {
        /** As the simulator sends them: {@code retry-after} and {@code retry-after-ms} (the default). */
        CLEAN,
        /**
         * A seeded mix of the shapes Azure OpenAI has also sent (see {@link MessyThrottleHttpClient}): no delay
         * header, whole-second {@code Retry-After} only, only {@code x-ratelimit-reset-tokens} or the misspelt
         * {@code x-rate-limit-reset-tokens}, the short "Rate limit is exceeded" body, capacity 429s, and clean ones.
         */
        MESSY,
        /**
         * A server that says little: its 429s carry only {@code retry-after} in whole seconds (rounded up; no
         * {@code retry-after-ms}) and no answer, 429 or success, carries an {@code x-ratelimit-*} header. Set on the
         * simulator itself ({@code throttleHeaders(RETRY_AFTER_SECONDS_ONLY)}, {@code remainingHeaders(false)},
         * {@code limitHeaders(false)}), so a client learns nothing but the 429s and their rounded delays. Hardest on
         * short windows, where every delay rounds up to a whole window: {@code --profile sliding-window --window 1s
         * --quota 20} (the default's 20 requests a second, counted over 1 s, one of the short periods over which
         * Azure enforces RPM).
         */
        SPARSE;

        /**
         * The name given to {@code --faults}.
         *
         * @return the flag value
         */
        public String flag() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Faults parse(String option, String value) {
            for (Faults faults : values()) {
                if (faults.flag().equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return faults;
                }
            }
            throw new IllegalArgumentException(option + " must be clean, messy or sparse, was '" + value + "'");
        }
    }

    /** Which azure-ai-openai client drives the calls. */
    public enum ClientMode {
        /** {@code OpenAIAsyncClient}, {@code concurrency} calls in flight through {@code flatMap} (the default). */
        ASYNC,
        /** {@code OpenAIClient} called from {@code concurrency} threads. */
        SYNC
    }

    /**
     * Which of the simulator's limits binds, one flag away ({@code --setting}). Each setting brings its own defaults
     * for {@code --requests}, {@code --quota} and {@code --inputs}; explicit options override them.
     */
    public enum Setting {
        /** The request quota binds: 600 one-input requests (8 tokens each) at 200 requests per 10 s. */
        DEFAULT("default", DEFAULT_REQUESTS, DEFAULT_AZURE_QUOTA, 1, 32),
        /**
         * The token quota binds: 300 requests of 8 inputs of 400 characters (800 estimated tokens each) on a 200,000
         * TPM deployment, whose token window (60 s) admits 250 such requests while its request window would admit
         * 1,200 a minute.
         */
        TOKEN_BOUND("token-bound", 300, DEFAULT_AZURE_QUOTA, 8, 400),
        /**
         * No limit binds: 6,000 one-input requests on a deployment admitting 100,000 requests per 10 s; at loopback
         * speed that takes seconds, so a row runs long enough, after a warm-up of 1,000 calls, for JIT compilation
         * not to decide the result.
         */
        NO_THROTTLING("no-throttling", 6_000, 100_000, 1, 32),
        /**
         * A burst after a lull: of the 600 one-input requests on the default deployment (200 requests per 10 s), a
         * steady quarter (150) goes out first at {@code --concurrency}, well inside the quota, so a gate that grows
         * its slow-start window with every success learns a large one; then nothing for {@code --pause} (default
         * 3 s: longer than the gate's 1 s counter validity, shorter than the simulator's 10 s window, so the steady
         * requests still count against the burst); then the other 450 (three times the steady phase) all at once. The
         * burst meets the 50 requests the window has left, and the report prints its 429 share on its own. Every
         * answer takes {@value #LULL_LATENCY_MILLIS} ms ({@code --latency}), as a real embeddings call takes a while:
         * with instant answers on loopback, the first answers' counters come back before much of the burst has left
         * and hide what a gate would let go at once.
         */
        LULL("lull", DEFAULT_REQUESTS, DEFAULT_AZURE_QUOTA, 1, 32),
        /**
         * A tight quota and many callers: 100 one-input requests, 32 in flight, against 10 requests per 1 s sliding
         * window (its own profile, {@code --profile sliding-window}). A client that retries each call alone, a few
         * times, loses calls here: the issue measured 37 of 100 failed for openai-java's defaults (2 retries).
         */
        TIGHT("tight", 100, 10, 1, 32, Quota.Profile.SLIDING_WINDOW, Duration.ofSeconds(1), 32);

        private final String flag;
        private final int requests;
        private final int quota;
        private final int inputs;
        private final int inputChars;
        private final Quota.Profile profile;
        private final Duration window;
        private final int concurrency;

        Setting(String flag, int requests, int quota, int inputs, int inputChars) {
            this(flag, requests, quota, inputs, inputChars, Quota.Profile.AZURE, Quota.AZURE_REQUEST_WINDOW,
                DEFAULT_CONCURRENCY);
        }

        Setting(String flag, int requests, int quota, int inputs, int inputChars, Quota.Profile profile,
                Duration window, int concurrency) {
            this.flag = flag;
            this.requests = requests;
            this.quota = quota;
            this.inputs = inputs;
            this.inputChars = inputChars;
            this.profile = profile;
            this.window = window;
            this.concurrency = concurrency;
        }

        /**
         * The quota profile the setting runs on: Azure's, except {@code tight}'s sliding window.
         *
         * @return the profile
         */
        public Quota.Profile profile() {
            return profile;
        }

        /**
         * The name given to {@code --setting}.
         *
         * @return the flag value
         */
        public String flag() {
            return flag;
        }

        /**
         * The length of every input string; the simulator charges {@code ceil(characters / 4)} tokens per input.
         *
         * @return characters per input
         */
        public int inputChars() {
            return inputChars;
        }

        static Setting parse(String option, String value) {
            for (Setting setting : values()) {
                if (setting.flag.equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return setting;
                }
            }
            throw new IllegalArgumentException(option + " must be default, token-bound, no-throttling, lull or tight,"
                + " was '" + value + "'");
        }
    }

    /** Default {@code --requests}. */
    public static final int DEFAULT_REQUESTS = 600;
    /** Default {@code --concurrency}. */
    public static final int DEFAULT_CONCURRENCY = 16;
    /** Default {@code --quota} with {@code --profile sliding-window}. */
    public static final int DEFAULT_QUOTA = 40;
    /** Default {@code --window} with {@code --profile sliding-window}. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(2);
    /** Default {@code --quota} under Azure's profile: requests per 10 s window. */
    public static final int DEFAULT_AZURE_QUOTA = 200;
    /** Default {@code --repeats}. */
    public static final int DEFAULT_REPEATS = 3;
    /** Default {@code --seed} of {@code --faults messy}. */
    public static final long DEFAULT_SEED = 20_241_009L;
    /** Default {@code --latency} of {@code --setting lull}, in milliseconds. */
    public static final int LULL_LATENCY_MILLIS = 200;
    /** Default {@code --pause} of {@code --setting lull}. */
    public static final Duration DEFAULT_PAUSE = Duration.ofSeconds(3);
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
     * @param profile {@link Quota.Profile#AZURE} (window 10 s) or {@link Quota.Profile#SLIDING_WINDOW}
     * @param setting which limit binds
     * @param inputs input strings per embeddings request
     * @param faults the shape of the simulator's throttling 429s
     * @param seed the seed of the messy mix
     * @param pause with {@code --setting lull}, the pause before the burst
     * @param latency how long the simulator takes to answer each request
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
        Objects.requireNonNull(profile, "--profile");
        if (profile == Quota.Profile.UNLIMITED) {
            throw new IllegalArgumentException("--profile must be azure or sliding-window");
        }
        if (profile == Quota.Profile.AZURE && !window.equals(Quota.AZURE_REQUEST_WINDOW)) {
            throw new IllegalArgumentException("--window applies to --profile sliding-window; Azure's request window "
                + "is 10 s");
        }
        Objects.requireNonNull(setting, "--setting");
        if (setting != Setting.DEFAULT && profile != setting.profile()) {
            throw new IllegalArgumentException("--setting " + setting.flag() + " needs --profile "
                + (setting.profile() == Quota.Profile.AZURE ? "azure" : "sliding-window"));
        }
        requirePositive(inputs, "--inputs");
        Objects.requireNonNull(faults, "--faults");
        Objects.requireNonNull(pause, "--pause");
        if (pause.isNegative() || pause.isZero()) {
            throw new IllegalArgumentException("--pause must be positive, was " + pause);
        }
        Objects.requireNonNull(latency, "--latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("--latency must not be negative, was " + latency);
        }
        if (setting == Setting.LULL && requests < 2) {
            throw new IllegalArgumentException("--requests must be at least 2 with --setting lull (a steady phase"
                + " and a burst), was " + requests);
        }
    }

    /**
     * The settings with the default {@code --pause} and the setting's default {@code --latency}.
     *
     * @param requests embeddings requests per row
     * @param concurrency requests in flight at once
     * @param quota requests the simulator accepts per window
     * @param window the simulator's quota window
     * @param repeats how many times each row runs
     * @param rows the row names, in forward order
     * @param csv where the summary CSV goes
     * @param client which client drives the calls
     * @param profile the simulator's quota profile
     * @param setting which limit binds
     * @param inputs input strings per embeddings request
     * @param faults the shape of the simulator's throttling 429s
     * @param seed the seed of the messy mix
     */
    public IngestSettings(int requests, int concurrency, int quota, Duration window, int repeats, List<String> rows,
                          Path csv, ClientMode client, Quota.Profile profile, Setting setting, int inputs,
                          Faults faults, long seed) {
        this(requests, concurrency, quota, window, repeats, rows, csv, client, profile, setting, inputs, faults, seed,
            DEFAULT_PAUSE, defaultLatency(setting));
    }

    /**
     * The {@code --latency} a setting brings: {@value #LULL_LATENCY_MILLIS} ms for {@code lull}, else none.
     *
     * @param setting the setting
     * @return the latency
     */
    static Duration defaultLatency(Setting setting) {
        return setting == Setting.LULL ? Duration.ofMillis(LULL_LATENCY_MILLIS) : Duration.ZERO;
    }

    /**
     * The settings with the simulator's 429s as it sends them ({@code --faults clean}).
     *
     * @param requests embeddings requests per row
     * @param concurrency requests in flight at once
     * @param quota requests the simulator accepts per window
     * @param window the simulator's quota window
     * @param repeats how many times each row runs
     * @param rows the row names, in forward order
     * @param csv where the summary CSV goes
     * @param client which client drives the calls
     * @param profile the simulator's quota profile
     * @param setting which limit binds
     * @param inputs input strings per embeddings request
     */
    public IngestSettings(int requests, int concurrency, int quota, Duration window, int repeats, List<String> rows,
                          Path csv, ClientMode client, Quota.Profile profile, Setting setting, int inputs) {
        this(requests, concurrency, quota, window, repeats, rows, csv, client, profile, setting, inputs, Faults.CLEAN,
            DEFAULT_SEED);
    }

    /**
     * The unmeasured calls each row makes before the first repeat: a few (up to 10, at most half the quota) when a
     * quota binds, since the runs themselves are long; 1,000 (at most {@code requests}) with no throttling, where
     * the runs last seconds and the JIT compiler would otherwise favour the rows that run later.
     *
     * @return calls per row
     */
    public int warmUpRequests() {
        return setting == Setting.NO_THROTTLING ? Math.min(requests, 1000) : Math.max(1, Math.min(quota / 2, 10));
    }

    /**
     * With {@code --setting lull}, the requests of the steady phase: a quarter of {@code requests}, at least 1.
     *
     * @return the steady requests, 0 in the other settings
     */
    public int steadyRequests() {
        return setting == Setting.LULL ? Math.max(1, requests / 4) : 0;
    }

    /**
     * With {@code --setting lull}, the requests of the burst, all in flight at once: the rest of {@code requests}.
     *
     * @return the burst's requests, 0 in the other settings
     */
    public int burstRequests() {
        return setting == Setting.LULL ? requests - steadyRequests() : 0;
    }

    /**
     * The estimated tokens of one request, as the simulator charges them: {@code ceil(characters / 4)} per input.
     *
     * @return tokens per request
     */
    public int tokensPerRequest() {
        return inputs * ((setting.inputChars() + 3) / 4);
    }

    /**
     * The requests per {@link #goodputWindow()} the binding limit admits, the denominator of goodput: under Azure's
     * profile the smaller of the request quota ({@code quota} per 10 s) and the token quota ({@code quota * 1000}
     * TPM over 60 s, divided by {@link #tokensPerRequest()}), each over its own window.
     *
     * @return requests per goodput window
     */
    public double goodputQuota() {
        return tokenBound() ? (double) quota * 1000 / tokensPerRequest() : quota;
    }

    /**
     * The window of {@link #goodputQuota()}: Azure's 60 s token window when tokens bind, else the request window.
     *
     * @return the window
     */
    public Duration goodputWindow() {
        return tokenBound() ? Quota.AZURE_TOKEN_WINDOW : window;
    }

    /**
     * Whether the token quota binds before the request quota: under Azure's profile a minute admits {@code quota * 6}
     * requests and {@code quota * 1000} tokens.
     *
     * @return true when tokens bind
     */
    public boolean tokenBound() {
        return profile == Quota.Profile.AZURE
            && (long) tokensPerRequest() * quota * Quota.AZURE_RPM_PER_1000_TPM > (long) quota * 1000;
    }

    /**
     * The simulator's quota for the benchmark deployment: under Azure's profile a deployment of {@code quota * 1000}
     * TPM (so {@code quota * 6} RPM, {@code quota} requests per 10 s), else {@code quota} requests per sliding window.
     *
     * @return the quota
     */
    public Quota simulatorQuota() {
        return profile == Quota.Profile.AZURE ? Quota.azure(Math.multiplyExact(quota, 1000))
            : Quota.slidingWindow(quota, 0, window);
    }

    /**
     * The settings with every default.
     *
     * @return the defaults
     */
    public static IngestSettings defaults() {
        return new IngestSettings(DEFAULT_REQUESTS, DEFAULT_CONCURRENCY, DEFAULT_AZURE_QUOTA,
            Quota.AZURE_REQUEST_WINDOW, DEFAULT_REPEATS, IngestRows.names(), DEFAULT_CSV, ClientMode.ASYNC,
            Quota.Profile.AZURE, Setting.DEFAULT, 1);
    }

    /**
     * Parses {@code --setting default|token-bound|no-throttling|lull|tight --pause 3s --latency 200ms --inputs N --profile azure|sliding-window --requests N --concurrency C --quota Q --window 2s --repeats R
     * --rows a,b --csv path --client async|sync --faults clean|messy|sparse --seed N}; every option is optional, a window (sliding-window only)
     * a pause (lull only) or a latency is given as seconds ({@code 2}, {@code 1.5s}) or milliseconds ({@code 500ms}).
     *
     * @param args the command line
     * @return the settings
     * @throws IllegalArgumentException for an unknown option, a missing value or a value out of range
     */
    public static IngestSettings parse(String... args) {
        IngestSettings defaults = defaults();
        Integer requests = null;
        Integer inputs = null;
        Setting setting = Setting.DEFAULT;
        Integer concurrency = null;
        Integer quota = null;
        Duration window = null;
        Quota.Profile profile = null;
        int repeats = defaults.repeats();
        List<String> rows = defaults.rows();
        Path csv = defaults.csv();
        ClientMode client = defaults.client();
        Faults faults = Faults.CLEAN;
        long seed = DEFAULT_SEED;
        Duration pause = null;
        Duration latency = null;
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
                case "--profile" -> profile = parseProfile(option, value);
                case "--setting" -> setting = Setting.parse(option, value);
                case "--inputs" -> inputs = parseInt(option, value);
                case "--faults" -> faults = Faults.parse(option, value);
                case "--seed" -> seed = parseLong(option, value);
                case "--pause" -> pause = parseDuration(option, value);
                case "--latency" -> latency = parseDuration(option, value);
                default -> throw new IllegalArgumentException("unknown option '" + option + "'\n" + usage());
            }
        }
        if (profile == null) {
            profile = setting.profile();
        }
        boolean azure = profile == Quota.Profile.AZURE;
        // the setting's quota and window are for its own profile: the default setting on a sliding window gets the
        // sliding window's defaults
        boolean settingProfile = profile == setting.profile();
        if (azure && window != null) {
            throw new IllegalArgumentException("--window applies to --profile sliding-window\n" + usage());
        }
        if (pause != null && setting != Setting.LULL) {
            throw new IllegalArgumentException("--pause applies to --setting lull\n" + usage());
        }
        return new IngestSettings(requests != null ? requests : setting.requests,
            concurrency != null ? concurrency : setting.concurrency,
            quota != null ? quota : settingProfile ? setting.quota : DEFAULT_QUOTA,
            window != null ? window : settingProfile ? setting.window
                : azure ? Quota.AZURE_REQUEST_WINDOW : DEFAULT_WINDOW,
            repeats, rows, csv, client, profile, setting, inputs != null ? inputs : setting.inputs, faults, seed,
            pause != null ? pause : DEFAULT_PAUSE, latency != null ? latency : defaultLatency(setting));
    }

    /**
     * The command-line help.
     *
     * @return the usage text
     */
    public static String usage() {
        return "usage: ThrottledIngest [--setting default|token-bound|no-throttling|lull|tight] [--pause 3s, lull only]"
            + " [--latency 0ms, 200ms lull]"
            + " [--inputs 1, 8 token-bound]"
            + " [--profile azure|sliding-window] [--requests " + DEFAULT_REQUESTS
            + "] [--concurrency " + DEFAULT_CONCURRENCY + ", 32 tight] [--quota " + DEFAULT_AZURE_QUOTA + " per 10 s, or "
            + DEFAULT_QUOTA + " per window] [--window 2s, sliding-window only] [--repeats " + DEFAULT_REPEATS + "] [--rows "
            + String.join(",", IngestRows.names()) + "] [--csv " + DEFAULT_CSV + "] [--client async|sync]"
            + " [--faults clean|messy|sparse] [--seed " + DEFAULT_SEED + ", messy only]";
    }

    /**
     * The path of the per-run CSV: the summary path with {@code -runs} before its extension.
     *
     * @return the per-run CSV path
     */
    public Path runsCsv() {
        return runsCsv(csv);
    }

    /**
     * The per-run CSV next to a summary CSV: its name with {@code -runs} before the extension.
     *
     * @param csv the summary CSV
     * @return the per-run CSV path
     */
    static Path runsCsv(Path csv) {
        String name = csv.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String runs = dot > 0 ? name.substring(0, dot) + "-runs" + name.substring(dot) : name + "-runs";
        return csv.resolveSibling(runs);
    }

    private static long parseLong(String option, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, was '" + value + "'");
        }
    }

    static int parseInt(String option, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, was '" + value + "'", e);
        }
    }

    static Duration parseDuration(String option, String value) {
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

    private static Quota.Profile parseProfile(String option, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "azure" -> Quota.Profile.AZURE;
            case "sliding-window" -> Quota.Profile.SLIDING_WINDOW;
            default -> throw new IllegalArgumentException(option + " must be azure or sliding-window, was '" + value
                + "'");
        };
    }

    private static List<String> parseList(String value) {
        List<String> names = new ArrayList<>();
        Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(names::add);
        return names;
    }

    static void requirePositive(int value, String option) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be positive, was " + value);
        }
    }
}
