package io.github.openaipolicies.benchmarks;

import io.github.openaipolicies.testkit.Quota;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestSettingsTest {

    @Test
    void noArgumentsMeansTheDocumentedDefaults() {
        IngestSettings settings = IngestSettings.parse();

        assertThat(settings).isEqualTo(new IngestSettings(600, 16, 200, Duration.ofSeconds(10), 3,
            List.of("stock", "stock-10", "policies", "gate", "openai-java", "openai-java-10", "openai-java+gate"),
            Path.of("target", "throttled-ingest.csv"),
            IngestSettings.ClientMode.ASYNC, Quota.Profile.AZURE, IngestSettings.Setting.DEFAULT, 1));
        assertThat(settings.simulatorQuota()).as("200 requests per 10 s: 1,200 RPM, 200,000 TPM")
            .isEqualTo(Quota.azure(200_000));
        assertThat(settings.simulatorQuota().requestsPerTenSeconds()).isEqualTo(200);
    }

    @Test
    void theSlidingWindowProfileKeepsItsOwnDefaults() {
        IngestSettings settings = IngestSettings.parse("--profile", "sliding-window");

        assertThat(settings.quota()).isEqualTo(40);
        assertThat(settings.window()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.simulatorQuota()).isEqualTo(Quota.slidingWindow(40, 0, Duration.ofSeconds(2)));
        assertThatThrownBy(() -> IngestSettings.parse("--window", "2s"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("--window applies to --profile sliding-window");
    }

    @Test
    void everyOptionIsParsedInBothSpellings() {
        IngestSettings settings = IngestSettings.parse("--profile=sliding-window", "--requests", "20",
            "--concurrency=4", "--quota", "10", "--window", "1500ms", "--repeats=1", "--rows", "policies, stock",
            "--csv", "out/x.csv", "--client", "sync");

        assertThat(settings).isEqualTo(new IngestSettings(20, 4, 10, Duration.ofMillis(1500), 1,
            List.of("policies", "stock"), Path.of("out", "x.csv"), IngestSettings.ClientMode.SYNC,
            Quota.Profile.SLIDING_WINDOW, IngestSettings.Setting.DEFAULT, 1));
        assertThat(settings.runsCsv()).isEqualTo(Path.of("out", "x-runs.csv"));
        assertThat(IngestSettings.parse("--profile", "sliding-window", "--window", "2.5").window())
            .isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void messyFaultsAreOneFlagAwayWithASeed() {
        assertThat(IngestSettings.parse().faults()).isEqualTo(IngestSettings.Faults.CLEAN);
        IngestSettings messy = IngestSettings.parse("--faults", "messy", "--seed=7");

        assertThat(messy.faults()).isEqualTo(IngestSettings.Faults.MESSY);
        assertThat(messy.seed()).isEqualTo(7);
        assertThatThrownBy(() -> IngestSettings.parse("--faults", "dirty"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("--faults must be clean, messy or sparse");
    }

    @Test
    void sparseFaultsAreOneFlagAwayAndLeaveTheQuotaAlone() {
        IngestSettings sparse = IngestSettings.parse("--faults", "sparse", "--profile", "sliding-window", "--window",
            "1s", "--quota", "20");

        assertThat(sparse.faults()).isEqualTo(IngestSettings.Faults.SPARSE);
        assertThat(sparse.simulatorQuota()).as("the short window: the default's 20 requests a second over 1 s")
            .isEqualTo(Quota.slidingWindow(20, 0, Duration.ofSeconds(1)));
        assertThat(IngestSettings.parse("--faults=SPARSE").faults()).isEqualTo(IngestSettings.Faults.SPARSE);
    }

    @Test
    void theLullSettingIsASteadyQuarterAPauseAndABurstOfTheRest() {
        IngestSettings lull = IngestSettings.parse("--setting", "lull");

        assertThat(lull.setting()).isEqualTo(IngestSettings.Setting.LULL);
        assertThat(lull.requests()).isEqualTo(600);
        assertThat(lull.simulatorQuota()).isEqualTo(Quota.azure(200_000));
        assertThat(lull.steadyRequests()).isEqualTo(150);
        assertThat(lull.burstRequests()).as("three times the steady phase").isEqualTo(450);
        assertThat(lull.pause()).as("longer than the gate's 1 s counter validity").isEqualTo(Duration.ofSeconds(3));
        assertThat(lull.latency()).as("answers take a while, so the burst leaves before they come")
            .isEqualTo(Duration.ofMillis(200));
        assertThat(IngestSettings.parse("--setting", "lull", "--latency", "0").latency()).isZero();
        assertThat(IngestSettings.parse("--latency", "50ms").latency()).isEqualTo(Duration.ofMillis(50));
        assertThat(IngestSettings.parse().latency()).as("instant answers elsewhere").isZero();
        assertThat(IngestSettings.parse("--setting", "lull", "--pause", "1500ms", "--requests", "9").pause())
            .isEqualTo(Duration.ofMillis(1500));
        IngestSettings small = IngestSettings.parse("--setting", "lull", "--requests", "3");
        assertThat(small.steadyRequests()).as("at least one steady request").isEqualTo(1);
        assertThat(small.burstRequests()).isEqualTo(2);
        assertThat(IngestSettings.parse().steadyRequests()).as("no phases outside the lull").isZero();
        assertThat(IngestSettings.parse().burstRequests()).isZero();
        assertThat(IngestSettings.parse().pause()).isEqualTo(IngestSettings.DEFAULT_PAUSE);
    }

    @Test
    void theLullsOptionsAreRefusedByName() {
        assertThatThrownBy(() -> IngestSettings.parse("--pause", "3s"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--pause applies to --setting lull");
        assertThatThrownBy(() -> IngestSettings.parse("--setting", "lull", "--pause", "0ms"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--pause must be positive");
        assertThatThrownBy(() -> IngestSettings.parse("--setting", "lull", "--requests", "1"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("--requests must be at least 2 with --setting lull");
        assertThatThrownBy(() -> IngestSettings.parse("--latency", "soon"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--latency must look like");
        assertThatThrownBy(() -> IngestSettings.parse("--setting", "lull", "--profile", "sliding-window"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs --profile azure");
    }

    @Test
    void theDefaultSettingIsBoundByRequests() {
        IngestSettings settings = IngestSettings.parse();

        assertThat(settings.tokensPerRequest()).isEqualTo(8);
        assertThat(settings.tokenBound()).isFalse();
        assertThat(settings.goodputQuota()).isEqualTo(200.0);
        assertThat(settings.goodputWindow()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theTokenBoundSettingMakesTheTokenQuotaBindBeforeTheRequestQuota() {
        IngestSettings settings = IngestSettings.parse("--setting", "token-bound");

        assertThat(settings.requests()).isEqualTo(300);
        assertThat(settings.inputs()).isEqualTo(8);
        assertThat(settings.tokensPerRequest()).as("8 inputs of 400 characters at ceil(chars / 4)").isEqualTo(800);
        assertThat(settings.simulatorQuota()).isEqualTo(Quota.azure(200_000));
        // 200,000 TPM admit 250 such requests a minute; the request quota would admit 1,200.
        assertThat(settings.tokenBound()).isTrue();
        assertThat(settings.goodputQuota()).isEqualTo(250.0);
        assertThat(settings.goodputWindow()).isEqualTo(Duration.ofSeconds(60));
        assertThat(IngestSettings.parse("--setting", "token-bound", "--inputs", "1").tokenBound())
            .as("one 400-character input per request: the request quota binds again").isFalse();
    }

    @Test
    void theNoThrottlingSettingGivesAQuotaThe600RequestsNeverReach() {
        IngestSettings settings = IngestSettings.parse("--setting=no-throttling");

        assertThat(settings.requests()).isEqualTo(6000);
        assertThat(settings.simulatorQuota().requestsPerTenSeconds()).isGreaterThan(settings.requests());
        assertThat(settings.warmUpRequests()).isEqualTo(1000);
        assertThat(IngestSettings.parse().warmUpRequests()).as("a quota binds: a few calls warm up").isEqualTo(10);
        assertThat((long) settings.simulatorQuota().tokens())
            .isGreaterThan((long) settings.requests() * settings.tokensPerRequest());
        assertThat(IngestSettings.parse("--setting", "no-throttling", "--quota", "50").quota())
            .as("explicit options override the setting's defaults").isEqualTo(50);
    }

    @Test
    void theTightSettingIsTenRequestsPerSecondFor32CallersIn100Calls() {
        IngestSettings tight = IngestSettings.parse("--setting", "tight");

        assertThat(tight.requests()).isEqualTo(100);
        assertThat(tight.concurrency()).isEqualTo(32);
        assertThat(tight.profile()).isEqualTo(Quota.Profile.SLIDING_WINDOW);
        assertThat(tight.simulatorQuota()).isEqualTo(Quota.slidingWindow(10, 0, Duration.ofSeconds(1)));
        assertThat(tight.goodputQuota()).isEqualTo(10.0);
        assertThat(tight.goodputWindow()).isEqualTo(Duration.ofSeconds(1));
        assertThat(IngestSettings.parse("--setting", "tight", "--concurrency", "8", "--quota", "20").quota())
            .as("explicit options override the setting's defaults").isEqualTo(20);
        assertThat(IngestSettings.parse().concurrency()).as("the other settings keep 16 callers").isEqualTo(16);
        assertThat(IngestSettings.parse("--profile", "sliding-window").simulatorQuota())
            .as("the default setting on a sliding window keeps that profile's defaults")
            .isEqualTo(Quota.slidingWindow(40, 0, Duration.ofSeconds(2)));
        assertThatThrownBy(() -> IngestSettings.parse("--setting", "tight", "--profile", "azure"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs --profile sliding-window");
    }

    @Test
    void badInputIsRejectedNamingTheOption() {
        assertThatThrownBy(() -> IngestSettings.parse("--setting", "fast"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("--setting must be default, token-bound, no-throttling, lull or tight");
        assertThatThrownBy(() -> IngestSettings.parse("--setting", "token-bound", "--profile", "sliding-window"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs --profile azure");
        assertThatThrownBy(() -> IngestSettings.parse("--inputs", "0"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--inputs must be positive");
        assertThatThrownBy(() -> IngestSettings.parse("--requests", "0"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--requests must be positive");
        assertThatThrownBy(() -> IngestSettings.parse("--profile", "sliding-window", "--window", "2 minutes"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--window");
        assertThatThrownBy(() -> IngestSettings.parse("--rows", "stock,nope"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown row 'nope'");
        assertThatThrownBy(() -> IngestSettings.parse("--quota"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--quota needs a value");
        assertThatThrownBy(() -> IngestSettings.parse("--client", "reactive"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--client must be async or sync");
        assertThatThrownBy(() -> IngestSettings.parse("--profile", "fixed"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("--profile must be azure or sliding-window");
        assertThatThrownBy(() -> IngestSettings.parse("--speed", "3"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option '--speed'");
    }
}
