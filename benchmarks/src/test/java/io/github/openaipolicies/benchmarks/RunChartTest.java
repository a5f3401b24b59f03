package io.github.openaipolicies.benchmarks;

import io.github.openaipolicies.testkit.JournalEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.github.openaipolicies.benchmarks.RunTimelineTest.START;
import static io.github.openaipolicies.benchmarks.RunTimelineTest.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunChartTest {

    @Test
    void writesOnePanelPerRowIntoAPngThatDecodes(@TempDir Path dir) throws IOException {
        List<JournalEntry> burst = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            burst.add(entry(i * 5L, i < 20 ? 200 : 429));
        }
        List<JournalEntry> steady = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            steady.add(entry(i * 100L, 200));
        }
        List<RunChart.Panel> panels = List.of(
            new RunChart.Panel("burst", RunTimeline.of(burst, START, RunTimeline.BUCKET)),
            new RunChart.Panel("steady", RunTimeline.of(steady, START, RunTimeline.BUCKET)),
            new RunChart.Panel("empty", RunTimeline.of(List.of(), START, RunTimeline.BUCKET)));
        Path png = dir.resolve("charts").resolve("run.png");

        assertThat(RunChart.write(png, panels, IngestChart.averageQuota(10, Duration.ofSeconds(1)))).isEqualTo(png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(RunChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(3 * RunChart.PANEL_HEIGHT);
        Map<String, Integer> first = colours(image, 0);
        assertThat(first.get("green")).as("successes drawn in the first panel").isGreaterThan(100);
        assertThat(first.get("red")).as("429s drawn in the first panel").isGreaterThan(20);
        Map<String, Integer> second = colours(image, 1);
        assertThat(second.get("green")).as("successes drawn in the second panel").isGreaterThan(100);
        assertThat(second.get("red")).as("no 429 in the second panel (legend swatch only)")
            .isLessThan(first.get("red") / 2);
    }

    @Test
    void refusesNoPanels(@TempDir Path dir) {
        assertThatThrownBy(() -> RunChart.write(dir.resolve("x.png"), List.of(),
            IngestChart.averageQuota(10, Duration.ofSeconds(1)))).isInstanceOf(IllegalArgumentException.class);
    }

    /** Pixels clearly green (successes) and clearly red (429s) in one panel. */
    private static Map<String, Integer> colours(BufferedImage image, int panel) {
        int green = 0;
        int red = 0;
        for (int y = panel * RunChart.PANEL_HEIGHT; y < (panel + 1) * RunChart.PANEL_HEIGHT; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                green += g > r + 40 && g > b + 40 ? 1 : 0;
                red += r > g + 80 && r > b + 80 ? 1 : 0;
            }
        }
        return Map.of("green", green, "red", red);
    }
}
