package io.github.openaipolicies.benchmarks;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * Runs {@link PolicyOverhead} through JMH's Runner API with the GC profiler, then prints the time and allocation per
 * call of every pipeline, the ratio ours/stock, and writes the table to {@code target/policy-overhead.csv}.
 *
 * <p>Arguments are JMH's own command line ({@code -f 2 -wi 5 -i 10 -p pipeline=stock,ours ...}), which override the
 * benchmark's modest defaults, plus {@code --csv PATH}. Without a benchmark pattern it runs every
 * {@code PolicyOverhead} and {@code OpenAIJavaOverhead} method; {@code -prof gc} is always added.</p>
 */
public final class PolicyOverheadReport {
    /** Default CSV path, relative to the working directory ({@code benchmarks/} under Maven). */
    public static final Path DEFAULT_CSV = Path.of("target", "policy-overhead.csv");

    private PolicyOverheadReport() {
    }

    /**
     * Runs the benchmarks and reports.
     *
     * @param args JMH command-line options and {@code --csv PATH}
     * @throws RunnerException if JMH fails
     * @throws IOException if the CSV cannot be written
     */
    public static void main(String[] args) throws RunnerException, IOException {
        Path csv = DEFAULT_CSV;
        List<String> jmhArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if ("--csv".equals(args[i]) && i + 1 < args.length) {
                csv = Path.of(args[++i]);
            } else {
                jmhArgs.add(args[i]);
            }
        }
        CommandLineOptions commandLine;
        try {
            commandLine = new CommandLineOptions(jmhArgs.toArray(new String[0]));
        } catch (CommandLineOptionException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (commandLine.shouldHelp()) {
            commandLine.showHelp();
            return;
        }
        ChainedOptionsBuilder options = new OptionsBuilder().parent(commandLine);
        if (commandLine.getIncludes().isEmpty()) {
            options.include(Pattern.quote(PolicyOverhead.class.getName()) + "\\.");
            options.include(Pattern.quote(OpenAIJavaOverhead.class.getName()) + "\\.");
        }
        boolean gcProfiled = commandLine.getProfilers().stream()
            .anyMatch(p -> "gc".equals(p.getKlass()) || GCProfiler.class.getName().equals(p.getKlass()));
        if (!gcProfiled) {
            options.addProfiler(GCProfiler.class);
        }
        String loggingState = loggingState();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        Collection<RunResult> runResults = new Runner(options.build()).run();

        List<OverheadResult> results = new ArrayList<>();
        BenchmarkParams params = null;
        for (RunResult run : runResults) {
            params = run.getParams();
            results.add(toResult(run));
        }
        OverheadTable table = new OverheadTable(results);
        StringBuilder out = new StringBuilder("\nPolicyOverhead: one embeddings call through a pipeline over a"
            + " no-network transport that answers 200 at once; openai-java rows: a whole openai-java call, measured"
            + " against the bare openai-java call\n");
        if (params != null) {
            out.append(String.format(Locale.ROOT, "JMH %s, %s, %d fork(s), warmup %d x %s, measurement %d x %s, %d"
                    + " thread(s); %s %s%n", params.getJmhVersion(), params.getMode().longLabel(), params.getForks(),
                params.getWarmup().getCount(), params.getWarmup().getTime(), params.getMeasurement().getCount(),
                params.getMeasurement().getTime(), params.getThreads(), params.getVmName(), params.getJdkVersion()));
        }
        out.append(String.format(Locale.ROOT, "%d cores, load average %.2f at start; logging: %s%n%n",
            Runtime.getRuntime().availableProcessors(), load, loggingState));
        out.append(table.render());
        System.out.print(out);
        if (csv.toAbsolutePath().getParent() != null) {
            Files.createDirectories(csv.toAbsolutePath().getParent());
        }
        Files.write(csv, table.csv(), StandardCharsets.UTF_8);
        System.out.println("CSV: " + csv.toAbsolutePath());
    }

    static OverheadResult toResult(RunResult run) {
        String method = run.getParams().getBenchmark();
        String path = method.endsWith(".sendSync") ? "sync" : method.endsWith(".sendAsync") ? "async" : method;
        Result<?> primary = run.getPrimaryResult();
        double bytes = Double.NaN;
        for (String label : run.getSecondaryResults().keySet()) {
            if (label.endsWith("gc.alloc.rate.norm")) {
                bytes = run.getSecondaryResults().get(label).getScore();
            }
        }
        String pipeline = run.getParams().getParam("pipeline");
        if (pipeline == null) {
            pipeline = run.getParams().getParam("client");
        }
        return new OverheadResult(path, pipeline, primary.getScore(),
            primary.getScoreError(), bytes);
    }

    /**
     * What azure-core's {@code ClientLogger} does in the benchmark JVMs (the forks inherit this environment and class
     * path): with no SLF4J provider it falls back to its own logger, which is off unless {@code AZURE_LOG_LEVEL} is
     * set.
     */
    static String loggingState() {
        String level = System.getenv("AZURE_LOG_LEVEL");
        boolean slf4jProvider = false;
        try {
            Class<?> provider = Class.forName("org.slf4j.spi.SLF4JServiceProvider");
            slf4jProvider = ServiceLoader.load(provider).findFirst().isPresent();
        } catch (ClassNotFoundException e) {
            slf4jProvider = false;
        }
        return (slf4jProvider ? "an SLF4J provider is on the class path; slf4j-simple levels: default "
            + System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "from simplelogger.properties")
            + ", io.github.openaipolicies "
            + System.getProperty("org.slf4j.simpleLogger.log.io.github.openaipolicies", "from simplelogger.properties")
            : "no SLF4J provider, azure-core DefaultLogger")
            + ", AZURE_LOG_LEVEL " + (level == null || level.isBlank() ? "unset (logging off)" : "=" + level);
    }
}
