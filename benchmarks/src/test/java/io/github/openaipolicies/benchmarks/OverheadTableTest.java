package io.github.openaipolicies.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OverheadTableTest {
    private final OverheadTable table = new OverheadTable(List.of(
        new OverheadResult("sync", "bare", 100, 1, 400),
        new OverheadResult("sync", "stock", 300, 2, 1000),
        new OverheadResult("sync", "ours", 450, 3, 1300),
        new OverheadResult("sync", "ours+gate", 495, 4, 1430),
        new OverheadResult("async", "stock", 500, 5, 2000)));

    @Test
    void ratiosDivideByStockOnTheSamePath() {
        assertThat(table.timeRatio("sync", "ours")).isCloseTo(1.5, within(1e-9));
        assertThat(table.allocRatio("sync", "ours")).isCloseTo(1.3, within(1e-9));
        assertThat(table.timeRatio("async", "ours")).isNaN();
    }

    @Test
    void gateRatiosDivideTheGateSetByOursOnTheSamePath() {
        assertThat(table.gateTimeRatio("sync")).isCloseTo(1.1, within(1e-9));
        assertThat(table.gateAllocRatio("sync")).isCloseTo(1.1, within(1e-9));
        assertThat(table.gateTimeRatio("async")).isNaN();
        assertThat(table.render()).contains("sync: ours+gate/ours time 1.10x, allocation 1.10x")
            .doesNotContain("async: ours+gate");
    }

    @Test
    void tableAndCsvShowTheRatioAndTheCostAboveBare() {
        assertThat(table.render())
            .contains("sync: ours/stock time 1.50x, allocation 1.30x; above bare: ours/stock time 1.75x,"
                + " allocation 1.50x");
        assertThat(table.csv()).containsExactly(
            "path,pipeline,ns_per_call,ns_error_99_9,bytes_per_call,time_vs_stock,alloc_vs_stock,ns_above_bare,"
                + "bytes_above_bare",
            "sync,bare,100.0,1.0,400,0.333,0.400,0.0,0",
            "sync,stock,300.0,2.0,1000,1.000,1.000,200.0,600",
            "sync,ours,450.0,3.0,1300,1.500,1.300,350.0,900",
            "sync,ours+gate,495.0,4.0,1430,1.650,1.430,395.0,1030",
            "async,stock,500.0,5.0,2000,1.000,1.000,,");
    }

    @Test
    void theOpenAIJavaRowsAreMeasuredAgainstTheBareOpenAIJavaCallNotAgainstAzureCoresRows() {
        OverheadTable withOpenAIJava = new OverheadTable(List.of(
            new OverheadResult("sync", "bare", 100, 1, 400),
            new OverheadResult("sync", "stock", 300, 2, 1000),
            new OverheadResult("sync", "openai-java", 900, 9, 3000)));

        assertThat(withOpenAIJava.csv()).containsExactly(
            "path,pipeline,ns_per_call,ns_error_99_9,bytes_per_call,time_vs_stock,alloc_vs_stock,ns_above_bare,"
                + "bytes_above_bare",
            "sync,bare,100.0,1.0,400,0.333,0.400,0.0,0",
            "sync,stock,300.0,2.0,1000,1.000,1.000,200.0,600",
            "sync,openai-java,900.0,9.0,3000,1.000,1.000,0.0,0");
        assertThat(withOpenAIJava.render()).contains("openai-java");
    }
}
