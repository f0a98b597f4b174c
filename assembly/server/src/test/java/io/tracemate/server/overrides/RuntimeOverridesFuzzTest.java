package io.tracemate.server.overrides;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.pipeline.sampling.config.PolicyConfig;
import io.tracemate.pipeline.sampling.config.TailSamplingConfig;
import io.tracemate.receivers.logs.LogLimits;
import io.tracemate.server.config.ConfigFuzzTest;
import io.tracemate.testing.fuzz.FuzzTarget;
import io.tracemate.testing.fuzz.Mutant;
import io.tracemate.testing.fuzz.Mutants;
import io.tracemate.testing.fuzz.Outcomes;
import io.tracemate.testing.fuzz.SeedCorpus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;

/**
 * The runtime overrides file (Loki's {@code runtime_config}) as {@link RuntimeConfigWatcher} loads it: refused
 * with an {@link IllegalArgumentException} naming the file, key path and line, or loaded; and once loaded, what
 * the server computes from it (each tenant's log, query and span limits, both signals' retention policies) never
 * throws, since a file that loads is in force until the next one.
 */
class RuntimeOverridesFuzzTest {
  static final SeedCorpus FILES = SeedCorpus.load("runtime-overrides");
  private static final Path FILE = ConfigFuzzTest.scratchFile("overrides.yaml");

  private static final List<String> KEYS =
      List.of(
          "overrides:",
          "configs:",
          "\n  team-a:",
          "\n  fake:",
          "\n  \"a b\":",
          "\n  \"..\":",
          "ingestion_rate_mb: ",
          "ingestion_burst_size_mb: ",
          "max_line_size: ",
          "max_global_streams_per_user: ",
          "max_label_names_per_series: ",
          "retention_period: ",
          "block_retention: ",
          "retention_stream: ",
          "split_queries_by_interval: ",
          "max_query_length: ",
          "max_query_series: ",
          "max_entries_limit_per_query: ",
          "query_timeout: ",
          "max_query_parallelism: ",
          "ingestion_rate_spans: ",
          "ingestion_burst_size_spans: ",
          "ruler_remote_write_headers: ",
          "unordered_writes: ",
          "max_query_range: ",
          "-1",
          "0",
          "0s",
          "99999999999d",
          "1e309",
          "9223372036854775807");

  @Provide
  Arbitrary<Mutant> files() {
    return Mutants.of(FILES, ConfigFuzzTest.concat(ConfigFuzzTest.YAML_TOKENS, KEYS));
  }

  /**
   * SnakeYAML scans a long plain scalar in time and garbage quadratic in its length (a 256 KiB key: 130 MB, read
   * twice when the loader then looks for the line of an error), bounded by its 3 MB code point limit; the file is
   * the operator's, so the bound here is higher than for a client's body.
   */
  @FuzzTarget(maxAllocatedBytesPerTry = 1L << 30)
  void anOverridesFileLoadsOrIsRefusedWithFileKeyAndLine(@ForAll("files") Mutant yaml) {
    load(yaml.bytes());
  }

  @Example
  void everySeedLoadsOrIsRefusedWithFileKeyAndLine() {
    FILES.seeds().forEach(seed -> load(seed.bytes()));
  }

  private static void load(byte[] yaml) {
    ConfigFuzzTest.write(FILE, yaml);
    Outcomes.acceptedOrRefused(RuntimeOverridesFuzzTest::watcher, IllegalArgumentException.class)
        .ifPresent(RuntimeOverridesFuzzTest::appliesToEveryTenant);
  }

  private static RuntimeConfigWatcher watcher() {
    return new RuntimeConfigWatcher(
        FILE,
        Duration.ofHours(1),
        LogLimits.DEFAULTS,
        EngineLimits.defaults(),
        Duration.ofDays(7),
        Duration.ofDays(7),
        // A pipeline with tail sampling, so that tenants' own tail_sampling blocks are parsed too.
        TailSamplingConfig.of(
            Duration.ofSeconds(5),
            1000,
            List.of(PolicyConfig.named("everything", "always_sample"))),
        Clock.systemUTC(),
        RuntimeConfigWatcher.Listener.NONE);
  }

  private static void appliesToEveryTenant(RuntimeConfigWatcher watcher) {
    try (watcher) {
      for (String tenant : watcher.current().overrides().keySet()) {
        watcher.forTenant(tenant);
        watcher.forTenant(TenantId.parse(tenant));
        watcher.spanRate(tenant);
      }
      Instant now = Instant.now();
      watcher.logRetention(now);
      watcher.spanRetention(now);
    }
  }
}
