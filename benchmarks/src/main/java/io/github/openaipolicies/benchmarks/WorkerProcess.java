package io.github.openaipolicies.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link DistributedWorker} JVM seen from the coordinator: its standard output read line by line on a daemon
 * thread, its standard input for commands, its standard error appended to a log file.
 */
final class WorkerProcess implements AutoCloseable {
    private static final String END = "\u0000end";

    private final String name;
    private final Process process;
    private final Writer input;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private WorkerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::read, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a worker JVM on this JVM's class path.
     *
     * @param name the worker's name, for messages
     * @param arguments the worker's arguments
     * @param log where its standard error is appended
     * @return the running worker
     * @throws UncheckedIOException if the JVM cannot be started
     */
    static WorkerProcess start(String name, List<String> arguments, Path log) {
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
            "-Djava.awt.headless=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=off",
            "-Dorg.slf4j.simpleLogger.log.io.github.openaipolicies=off",
            "-cp", System.getProperty("java.class.path"), DistributedWorker.class.getName()));
        command.addAll(arguments);
        try {
            return new WorkerProcess(name, new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /**
     * Waits for the next line starting with {@code prefix}, skipping others.
     *
     * @param prefix the start of the line
     * @param timeout how long to wait at most
     * @return the line
     * @throws IllegalStateException if the worker ends, or the time runs out, first
     */
    String await(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new IllegalStateException(name + " printed no '" + prefix + "' line within " + timeout);
                }
                if (line == END) {
                    throw new IllegalStateException(name + " ended (exit " + exitValue() + ") before printing '"
                        + prefix + "'");
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    /**
     * Sends one line to the worker's standard input.
     *
     * @param line the line
     * @throws UncheckedIOException if the worker's input is closed
     */
    void send(String line) {
        try {
            input.write(line + "\n");
            input.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + name, e);
        }
    }

    /** Waits a little for the worker to exit, then ends it. */
    @Override
    public void close() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void read() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process ended; the end marker below says so
        } finally {
            lines.add(END);
        }
    }

    private String exitValue() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
