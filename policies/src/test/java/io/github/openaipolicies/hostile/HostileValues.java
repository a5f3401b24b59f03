// Licensed under the MIT License.
package io.github.openaipolicies.hostile;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded generator of hostile header values and header sets, counting which of its branches each value came from.
 * The seed is printed, and taken from the system property {@code hostile.seed} when given, so a failure can be replayed.
 */
final class HostileValues {
    /** Where a generated value came from. */
    enum Branch {
        /** Any characters: ASCII, control characters, non-ASCII letters and digits, surrogates. */
        ARBITRARY,
        /** Numbers at the edges of int and long, signed, with fractions, exponents or padding. */
        NUMBER_EDGE,
        /** An RFC 1123 date in any offset, from year 1 to 9999: far past, near, far future. */
        DATE,
        /** Several values of the other branches joined by commas. */
        COMMA_JOINED
    }

    private static final long[] EDGES = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE + 1L,
        Integer.MIN_VALUE - 1L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, 999_999_999_999L,
        1_000_000_000_000L, 2_592_000_000L, 100, 1_000, 5_000, 2_592_000_001L, 2_592_000L, 2_592_001L, 86_400, 86_400_000};
    private static final String[] SUFFIXES = {"", ".0", ".5", ".999999999", ".0000000000000000000001", "e3", "E-2",
        "ms", "s", " ", "\t", "0", "00000000000000000000"};
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME;
    // A day inside years 1 and 9999: httpDate's offset of up to 18 hours must not take the year out of RFC 1123's.
    private static final long YEAR_1 = Instant.parse("0001-01-02T00:00:00Z").getEpochSecond();
    private static final long YEAR_9999 = Instant.parse("9999-12-30T23:59:59Z").getEpochSecond();

    private final long seed;
    private final SplittableRandom random;
    private final Map<Branch, Integer> reached = new EnumMap<>(Branch.class);

    HostileValues(String property) {
        this.seed = Long.getLong("hostile.seed", System.nanoTime());
        this.random = new SplittableRandom(seed);
        System.out.println(property + " seed " + seed + " (replay: -Dhostile.seed=" + seed + ")");
    }

    long seed() {
        return seed;
    }

    SplittableRandom random() {
        return random;
    }

    /** {@return how many values each branch produced} */
    Map<Branch, Integer> reached() {
        return reached;
    }

    /**
     * A hostile value from a branch drawn uniformly.
     *
     * @param now the moment dates are drawn around
     * @return the value
     */
    String value(Instant now) {
        Branch branch = Branch.values()[random.nextInt(Branch.values().length)];
        reached.merge(branch, 1, Integer::sum);
        return switch (branch) {
            case ARBITRARY -> arbitrary();
            case NUMBER_EDGE -> numberEdge();
            case DATE -> date(now);
            case COMMA_JOINED -> commaJoined(now);
        };
    }

    /**
     * Sets the given names, each zero to three times (repeated lines, in a random mix of cases), to hostile values.
     *
     * @param now the moment dates are drawn around
     * @param names the header names
     * @return the headers
     */
    HttpHeaders headers(Instant now, String... names) {
        HttpHeaders headers = new HttpHeaders();
        for (String name : names) {
            int lines = random.nextInt(4);
            for (int i = 0; i < lines; i++) {
                headers.add(HttpHeaderName.fromString(mixedCase(name)), value(now));
            }
        }
        return headers;
    }

    /**
     * The name in a random mix of upper and lower case.
     *
     * @param name the name
     * @return the name, respelt
     */
    String mixedCase(String name) {
        StringBuilder spelt = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            spelt.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return spelt.toString();
    }

    /**
     * The date as an RFC 1123 HTTP-date in a random offset from -18:00 to +18:00 (whole minutes).
     *
     * @param instant the moment
     * @return the text
     */
    String httpDate(Instant instant) {
        int offsetMinutes = random.nextInt(-18 * 60, 18 * 60 + 1);
        return RFC_1123.format(instant.atOffset(ZoneOffset.ofTotalSeconds(offsetMinutes * 60)));
    }

    private String arbitrary() {
        int length = random.nextInt(0, 40);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(switch (random.nextInt(6)) {
                case 0 -> (char) random.nextInt(0, 32);
                case 1 -> (char) random.nextInt(0x0660, 0x066A);
                case 2 -> (char) random.nextInt(0xD800, 0xE000);
                case 3 -> (char) random.nextInt(0x80, 0x3000);
                default -> (char) random.nextInt(32, 127);
            });
        }
        return text.toString();
    }

    private String numberEdge() {
        long edge = EDGES[random.nextInt(EDGES.length)] + random.nextInt(-2, 3);
        String number = random.nextInt(4) == 0 ? Long.toUnsignedString(edge) : Long.toString(edge);
        if (random.nextInt(4) == 0) {
            number = "+" + number;
        }
        String padding = random.nextInt(4) == 0 ? " " : "";
        return padding + number + SUFFIXES[random.nextInt(SUFFIXES.length)] + padding;
    }

    private String date(Instant now) {
        Instant when = switch (random.nextInt(3)) {
            case 0 -> Instant.ofEpochSecond(random.nextLong(YEAR_1, YEAR_9999));
            case 1 -> now.plusSeconds(random.nextLong(-86_400, 86_400));
            default -> now.plusSeconds(random.nextLong(0, 120));
        };
        String text = httpDate(when);
        return random.nextInt(5) == 0 ? text.toLowerCase(Locale.ROOT) : text;
    }

    private String commaJoined(Instant now) {
        int parts = random.nextInt(2, 5);
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            if (i > 0) {
                joined.append(random.nextBoolean() ? ", " : ",");
            }
            joined.append(switch (random.nextInt(3)) {
                case 0 -> arbitrary();
                case 1 -> numberEdge();
                default -> date(now);
            });
        }
        return joined.toString();
    }
}
