package io.regimeflow.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimeflow.connectors.kafka.MarketRecordTopic;
import io.regimeflow.connectors.webhook.WebhookKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    RegimeflowConfig load(Map<String, String> env, String... args) {
        return ConfigLoader.load(CommandLine.parse(args), env, dir);
    }

    RegimeflowConfig load(String... args) {
        return load(Map.of(), args);
    }

    Path file(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    @Test
    void defaultsAreTheSpecsThresholds() {
        RegimeflowConfig c = load();
        assertThat(c.symbols()).containsExactly("BTC/USDT", "ETH/USDT", "SOL/USDT");
        assertThat(c.source().type()).isEqualTo(RegimeflowConfig.SourceType.simulator);
        assertThat(c.source().end()).isNull();
        assertThat(c.analysis().volatility().baselineWindow()).isEqualTo(720);
        assertThat(c.analysis().volatility().boundaries()).containsExactly(1.0, 1.5, 2.5);
        assertThat(c.analysis().funding().history()).isEqualTo(Duration.ofDays(30));
        assertThat(c.analysis().cascade().window()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.analysis().cascade().severityThresholds())
                .containsExactly(100_000.0, 400_000.0, 2_000_000.0, 10_000_000.0);
        assertThat(c.analysis().trend().lookback()).isEqualTo(20);
        assertThat(c.analysis().correlation().shortWindow()).isEqualTo(168);
        assertThat(c.sinks().jdbc().url()).isEqualTo("jdbc:sqlite:regimeflow.db");
        assertThat(c.job().parallelism()).isNull();
    }

    @Test
    void flagsBeatTheEnvironmentWhichBeatsTheFile() throws IOException {
        file("regimeflow.yaml", "simulator:\n  seed: 1\n  speed: 10\n  book-interval: 1m\n");
        RegimeflowConfig fromFile = load();
        assertThat(fromFile.simulator().seed()).isEqualTo(1);
        assertThat(fromFile.simulator().bookInterval()).isEqualTo(Duration.ofMinutes(1));

        Map<String, String> env = Map.of("REGIMEFLOW_SIMULATOR_SEED", "2",
                "REGIMEFLOW_SIMULATOR_SPEED", "20", "REGIMEFLOW_SYMBOLS", "BTC/USDT, ETH/USDT",
                "PATH", "/usr/bin");
        RegimeflowConfig fromEnv = load(env);
        assertThat(fromEnv.simulator().seed()).isEqualTo(2);
        assertThat(fromEnv.simulator().speed()).isEqualTo(20);
        assertThat(fromEnv.symbols()).containsExactly("BTC/USDT", "ETH/USDT");

        RegimeflowConfig fromFlags = load(env, "--seed", "3", "--simulator.speed=30",
                "--start", "2024-01-01", "--end", "2024-01-02T12:00:00Z", "--source",
                "simulator");
        assertThat(fromFlags.simulator().seed()).isEqualTo(3);
        assertThat(fromFlags.simulator().speed()).isEqualTo(30);
        assertThat(fromFlags.source().start()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(fromFlags.source().end()).isEqualTo(Instant.parse("2024-01-02T12:00:00Z"));
    }

    @Test
    void anExplicitConfigFileIsUsedAndAMissingOneIsAnError() throws IOException {
        file("mine.yaml", "symbols: [SOL/USDT]\n");
        assertThat(load("--config", "mine.yaml").symbols()).containsExactly("SOL/USDT");
        assertThat(load(Map.of("REGIMEFLOW_CONFIG", "mine.yaml")).symbols())
                .containsExactly("SOL/USDT");
        assertThatThrownBy(() -> load("--config", "nope.yaml"))
                .hasMessage("config file 'nope.yaml' not found (from --config): expected a "
                        + "readable YAML file");
    }

    @Test
    void anUnknownKeyIsNamedWithItsValueTheKnownKeysAndTheLikelyOne() throws IOException {
        file("bad.yaml", "simulator:\n  sedd: 42\n");
        assertThatThrownBy(() -> load("--config", "bad.yaml")).hasMessage(
                "unknown key 'simulator.sedd' = '42' (from bad.yaml): expected one of "
                        + "simulator.seed, simulator.speed, simulator.replay-speed, "
                        + "simulator.warmup, simulator.book-interval, "
                        + "simulator.gap-probability, simulator.funding-interval-hours, "
                        + "simulator.shocks-per-day, simulator.drift, simulator.planted-shocks; "
                        + "did you mean 'simulator.seed'?");
        file("top.yaml", "symbol: [BTC/USDT]\n");
        assertThatThrownBy(() -> load("--config", "top.yaml"))
                .hasMessageStartingWith("unknown key 'symbol' = '[\"BTC/USDT\"]' (from top.yaml)")
                .hasMessageEndingWith("did you mean 'symbols'?");
        assertThatThrownBy(() -> load("--sinks.jdbc.uri", "x"))
                .hasMessageStartingWith("unknown key 'sinks.jdbc.uri' = 'x' "
                        + "(from --sinks.jdbc.uri)");
        assertThatThrownBy(() -> load(Map.of("REGIMEFLOW_SINK_JDBC_URL", "x")))
                .hasMessageContaining("REGIMEFLOW_SINK_JDBC_URL")
                .hasMessageEndingWith("did you mean 'REGIMEFLOW_SINKS_JDBC_URL'?");
    }

    @Test
    void aWrongTypeNamesTheKeyTheValueAndTheExpectedForm() throws IOException {
        file("a.yaml", "simulator:\n  seed: abc\n");
        assertThatThrownBy(() -> load("--config", "a.yaml"))
                .hasMessage("simulator.seed = 'abc' (from a.yaml): expected a whole number");
        file("b.yaml", "analysis:\n  trend:\n    lookback: 2.5\n");
        assertThatThrownBy(() -> load("--config", "b.yaml"))
                .hasMessage("analysis.trend.lookback = '2.5' (from b.yaml): expected a whole "
                        + "number");
        assertThatThrownBy(() -> load("--source.start", "yesterday"))
                .hasMessage("source.start = 'yesterday' (from --source.start): expected a UTC "
                        + "time such as 2024-01-01 or 2024-01-01T00:00:00Z");
        assertThatThrownBy(() -> load("--source", "bitfinex"))
                .hasMessage("source.type = 'bitfinex' (from --source): expected one of "
                        + "simulator, binance, kafka");
        assertThatThrownBy(() -> load("--binance.spot-url", "api.binance.us"))
                .hasMessageStartingWith("binance.spot-url = 'api.binance.us' (from "
                        + "--binance.spot-url): expected an http(s) URL");
        assertThatThrownBy(() -> load("--source", "kafka", "--start", "2024-01-01", "--end",
                "2024-01-02"))
                .hasMessageStartingWith("source.start = '2024-01-01T00:00:00Z'")
                .hasMessageContaining("no start with source.type kafka");
        assertThatThrownBy(() -> load("--source", "kafka", "--kafka.stop-at-end", "yes"))
                .hasMessageStartingWith("kafka.stop-at-end = 'yes'");
        assertThat(load("--source", "kafka", "--kafka.stop-at-end", "true").kafka().stopAtEnd())
                .isTrue();
        assertThatThrownBy(() -> load("--binance.weight-share", "1.5"))
                .hasMessageEndingWith("expected a share in (0, 1]");
        assertThatThrownBy(() -> load("--sinks.jdbc.enabled", "maybe"))
                .hasMessageStartingWith("sinks.jdbc.enabled = 'maybe'")
                .hasMessageEndingWith("expected true or false");
        file("c.yaml", "source: simulator\n");
        assertThatThrownBy(() -> load("--config", "c.yaml"))
                .hasMessageStartingWith("source = 'simulator' (from c.yaml): expected a mapping "
                        + "with keys type, start, end");
    }

    @Test
    void symbolsMustBeBaseSlashQuote() {
        assertThatThrownBy(() -> load("--symbols", "BTC/USDT,ETHUSDT"))
                .hasMessage("symbols = 'ETHUSDT' (from --symbols): expected BASE/QUOTE in upper "
                        + "case, such as BTC/USDT (not ETHUSDT)");
        assertThatThrownBy(() -> load("--symbols", "BTC/USDT,BTC/USDT"))
                .hasMessageEndingWith("expected each symbol once");
    }

    @Test
    void windowsThresholdsAndRangesAreChecked() {
        assertThatThrownBy(() -> load("--analysis.cascade.window", "-15m"))
                .hasMessage("analysis.cascade.window = '-15m' (from --analysis.cascade.window): "
                        + "expected a non-negative duration such as 500ms, 30s, 15m, 1h, 7d or "
                        + "PT15M");
        assertThatThrownBy(() -> load("--analysis.volatility.baseline-window", "-720"))
                .hasMessageStartingWith("analysis.volatility.baseline-window = '-720'");
        assertThatThrownBy(() -> load("--analysis.cascade.severity-thresholds", "1,3,2,4"))
                .hasMessageEndingWith("expected 4 positive numbers in increasing order");
        assertThatThrownBy(() -> load("--start", "2024-01-02", "--end", "2024-01-01"))
                .hasMessageStartingWith("source.end = '2024-01-01T00:00:00Z' (from --end): "
                        + "expected a time after source.start");
        assertThatThrownBy(() -> load("--end", "2024-01-01"))
                .hasMessageContaining("expected a start time when source.end is set");
        assertThatThrownBy(() -> load("--simulator.funding-interval-hours", "3"))
                .hasMessageEndingWith("expected 1, 2, 4 or 8");
    }

    @Test
    void malformedUrlsAreRejected() {
        assertThatThrownBy(() -> load("--db", "jdbc:postgresql://bad host/db"))
                .hasMessageStartingWith("sinks.jdbc.url = 'jdbc:postgresql://bad host/db' "
                        + "(from --db): expected jdbc:sqlite:<file> or jdbc:postgresql://");
        assertThatThrownBy(() -> load("--db", "postgres://localhost/x"))
                .hasMessageStartingWith("sinks.jdbc.url = 'postgres://localhost/x'");
        assertThatThrownBy(() -> load("--db", "jdbc:postgresql://localhost"))
                .hasMessageStartingWith("sinks.jdbc.url = 'jdbc:postgresql://localhost'");
        assertThatThrownBy(() -> load("--checkpointing.dir", "/tmp/x"))
                .hasMessageStartingWith("checkpointing.dir = '/tmp/x'")
                .hasMessageContaining("a URI with a scheme");
        assertThat(load("--db", "jdbc:postgresql://127.0.0.1:5432/test").sinks().jdbc().url())
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
    }

    @Test
    void onlyKeysWhoseDefaultIsUnsetMayBeNull() throws IOException {
        assertThat(load("--sinks.jdbc.password", "null").sinks().jdbc().password()).isNull();
        file("n.yaml", "sinks:\n  jdbc:\n    url: null\n");
        assertThatThrownBy(() -> load("--config", "n.yaml"))
                .hasMessage("sinks.jdbc.url = null (from n.yaml): expected a value (it cannot "
                        + "be unset; its default is jdbc:sqlite:regimeflow.db)");
    }

    @Test
    void yamlNumbersAndBooleansAreNotSilentlyTurnedIntoText() throws IOException {
        file("p.yaml", "sinks:\n  jdbc:\n    password: 0123\n");
        assertThatThrownBy(() -> load("--config", "p.yaml"))
                .hasMessageStartingWith("sinks.jdbc.password = '83' (from p.yaml): expected a "
                        + "text value (quote it");
        file("u.yaml", "sinks:\n  jdbc:\n    username: yes\n");
        assertThatThrownBy(() -> load("--config", "u.yaml"))
                .hasMessageStartingWith("sinks.jdbc.username = 'true'");
        file("q.yaml", "sinks:\n  jdbc:\n    password: \"0123\"\n");
        assertThat(load("--config", "q.yaml").sinks().jdbc().password()).isEqualTo("0123");
    }

    @Test
    void messagesStayOnOneLineAndNeverShowAPassword() throws IOException {
        assertThatThrownBy(() -> load("--db", "jdbc:postgresql://bad host/db?password=hunter2"))
                .message().doesNotContain("hunter2").contains("password=***");
        file("nl.yaml", "job:\n  name: \"a\\nb\"\n");
        assertThatThrownBy(() -> load("--config", "nl.yaml"))
                .hasMessageStartingWith("job.name = 'a\\nb'")
                .message().doesNotContain("\n");
    }

    @Test
    void aPacedSimulatorMustNotLookIdleBetweenItsMinutes() {
        assertThatThrownBy(() -> load("--speed", "1"))
                .hasMessageStartingWith("source.idleness = 'PT1M'")
                .hasMessageContaining("more than the 60000 ms a paced simulator takes");
        assertThat(load("--speed", "1", "--source.idleness", "3m").simulator().speed())
                .isEqualTo(1);
        assertThat(load("--speed", "1", "--end", "2024-01-02", "--start", "2024-01-01")
                .simulator().speed()).isEqualTo(1);
    }

    @Test
    void brokenYamlIsReportedWithItsPosition() throws IOException {
        file("y.yaml", "symbols: [BTC/USDT\nsource: x\n");
        assertThatThrownBy(() -> load("--config", "y.yaml"))
                .hasMessageStartingWith("cannot read y.yaml:")
                .hasMessageContaining("line 2")
                .message().doesNotContain("\n");
        file("d.yaml", "symbols: [BTC/USDT]\nsymbols: [ETH/USDT]\n");
        assertThatThrownBy(() -> load("--config", "d.yaml"))
                .hasMessageContaining("Duplicate field 'symbols'");
    }

    @Test
    void everyEnvironmentVariableNameIsDistinct() {
        List<String> keys = ConfigLoader.leafKeys();
        assertThat(keys.stream().map(ConfigLoader::envName).distinct()).hasSameSizeAs(keys);
        assertThat(ConfigLoader.envName("sinks.jdbc.batch-size"))
                .isEqualTo("REGIMEFLOW_SINKS_JDBC_BATCH_SIZE");
    }

    @Test
    void flagsNeedValues() {
        assertThatThrownBy(() -> CommandLine.parse("--seed"))
                .hasMessage("flag --seed has no value: expected --seed VALUE");
        assertThatThrownBy(() -> CommandLine.parse("simulator"))
                .hasMessageStartingWith("unexpected argument 'simulator'");
    }

    @Test
    void webhookTargetsComeFromTheFileAndTheOriginalSystemsVariables() throws IOException {
        file("hooks.yaml", """
                sinks:
                  webhooks:
                    secret: whsec_c2VjcmV0LWtleQ==
                    targets:
                      - url: https://discord.com/api/webhooks/1/tok
                        min-severity: warning
                      - name: bot
                        url: https://bot.example.com/events
                        events: [LIQUIDATION_CASCADE]
                        min-severity: info
                      - url: https://api.telegram.org/bot1:x/sendMessage
                        chat-id: "-100123"
                """);
        RegimeflowConfig c = load(Map.of("WEBHOOKS_FUNDING",
                "https://hooks.slack.com/services/T/B/x, https://hooks.slack.com/services/T/B/y"),
                "--config", "hooks.yaml");
        var settings = WebhookTargets.settings(c.sinks().webhooks(), null);
        assertThat(settings.targets()).extracting(t -> t.name() + " " + t.kind() + " "
                + t.minSeverity() + " " + t.events().size()).containsExactly(
                "discord-1 DISCORD WARNING 0", "bot JSON INFO 1", "telegram-3 TELEGRAM WARNING 0",
                "webhooks-funding-1 SLACK WARNING 2", "webhooks-funding-2 SLACK WARNING 2");
        // Old events are not posted unless history is asked for (max-age null).
        assertThat(settings.maxAgeMs()).isEqualTo(7_200_000L);
        assertThat(settings.targets().get(1).secret()).isEqualTo("whsec_c2VjcmV0LWtleQ==");
        assertThat(settings.targets().get(2).chatId()).isEqualTo("-100123");
        assertThat(c.sinks().webhooks().toString()).doesNotContain("c2VjcmV0");
    }

    @Test
    void aWebhookTargetMissingWhatItsKindNeedsIsAClearErrorThatNeverShowsTheUrl()
            throws IOException {
        assertThatThrownBy(() -> load(Map.of("WEBHOOKS_CASCADE", "https://bot.example.com/x")))
                .hasMessageStartingWith("sinks.webhooks.targets[0].secret")
                .hasMessageContaining("environment WEBHOOKS_CASCADE");
        file("tg.yaml", "sinks:\n  webhooks:\n    targets:\n      - url: "
                + "https://api.telegram.org/botSECRET/sendMessage\n");
        assertThatThrownBy(() -> load("--config", "tg.yaml"))
                .hasMessageStartingWith("sinks.webhooks.targets[0].chat-id")
                .hasMessageNotContaining("SECRET");
        file("bad.yaml", "sinks:\n  webhooks:\n    targets:\n      - url: discord.com/TOKEN\n");
        assertThatThrownBy(() -> load("--config", "bad.yaml"))
                .hasMessageStartingWith("sinks.webhooks.targets[0].url = '(hidden)'")
                .hasMessageNotContaining("TOKEN");
        file("ev.yaml", "sinks:\n  webhooks:\n    secret: s\n    targets:\n      - url: "
                + "https://x.example.com/\n        events: [CASCADE]\n");
        assertThatThrownBy(() -> load("--config", "ev.yaml"))
                .hasMessageStartingWith("sinks.webhooks.targets[0].events = 'CASCADE'");
        file("typo.yaml", "sinks:\n  webhooks:\n    targets:\n      - uri: https://x.example.com/\n");
        assertThatThrownBy(() -> load("--config", "typo.yaml"))
                .hasMessageContaining("uri");
        assertThatThrownBy(() -> load("--sinks.kafka.delivery-guarantee", "twice"))
                .hasMessageStartingWith("sinks.kafka.delivery-guarantee = 'twice'")
                .hasMessageEndingWith("expected one of at-least-once, exactly-once");
    }

    @Test
    void theComponentsOwnEnumsAreBoundFromTheSameLowerCaseFormsAsBefore() throws IOException {
        assertThat(load("--sinks.kafka.delivery-guarantee", "exactly-once").sinks().kafka()
                .deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(load().sinks().kafka().deliveryGuarantee())
                .isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(load("--kafka.starting-offsets", "committed").kafka().startingOffsets())
                .isEqualTo(MarketRecordTopic.Start.COMMITTED);
        // Flink's NONE is not offered, and the forms stay case-sensitive.
        for (String refused : new String[] {"none", "EXACTLY_ONCE", "Exactly-Once"}) {
            assertThatThrownBy(() -> load("--sinks.kafka.delivery-guarantee", refused))
                    .hasMessageEndingWith("expected one of at-least-once, exactly-once");
        }
        assertThatThrownBy(() -> load("--kafka.starting-offsets", "LATEST"))
                .hasMessageEndingWith("expected one of earliest, latest, committed");
        file("kind.yaml", "sinks:\n  webhooks:\n    targets:\n      - url: "
                + "https://x.example.com/\n        kind: slack\n");
        var settings = WebhookTargets.settings(load("--config", "kind.yaml").sinks().webhooks(),
                null);
        assertThat(settings.targets().get(0).kind()).isEqualTo(WebhookKind.SLACK);
        assertThat(settings.targets().get(0).name()).isEqualTo("slack-1");
        file("kind.yaml", "sinks:\n  webhooks:\n    targets:\n      - url: "
                + "https://x.example.com/\n        kind: Slack\n");
        assertThatThrownBy(() -> load("--config", "kind.yaml"))
                .hasMessageEndingWith("expected one of discord, slack, telegram, json");
    }

    @Test
    void aMistypedKeyGetsTheNearestKnownOne() {
        assertThatThrownBy(() -> load("--sinks.jdbc.uri", "x"))
                .hasMessageEndingWith("did you mean 'sinks.jdbc.url'?");
        assertThatThrownBy(() -> load(Map.of("REGIMEFLOW_SYMBOL", "BTC/USDT")))
                .hasMessageEndingWith("did you mean 'REGIMEFLOW_SYMBOLS'?");
        assertThatThrownBy(() -> load("--sinks.jdbc.nothing-like-it", "x"))
                .hasMessageNotContaining("did you mean");
    }
}
