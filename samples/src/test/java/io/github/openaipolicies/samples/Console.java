// Licensed under the MIT License.
package io.github.openaipolicies.samples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/** Captures what a run prints on stdout and stderr. */
final class Console {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream out;
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    Console() {
        this(line -> { });
    }

    /** A console that also tells a listener every line printed on stdout with {@code println}. */
    Console(Consumer<String> outLines) {
        this.out = new PrintStream(outBytes, true, StandardCharsets.UTF_8) {
            @Override
            public void println(String line) {
                super.println(line);
                outLines.accept(line);
            }
        };
    }

    String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    List<String> errLines() {
        return err().lines().toList();
    }
}
