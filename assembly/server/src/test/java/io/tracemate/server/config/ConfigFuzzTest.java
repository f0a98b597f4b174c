package io.tracemate.server.config;

import io.tracemate.testing.fuzz.FuzzTarget;
import io.tracemate.testing.fuzz.Mutant;
import io.tracemate.testing.fuzz.Mutants;
import io.tracemate.testing.fuzz.Outcomes;
import io.tracemate.testing.fuzz.SeedCorpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;

/**
 * The server's YAML configuration as {@link ConfigLoader#load(Path)} reads it at start, seeded with the example
 * file and the loader's tests: it loads, or is refused with an {@link IllegalArgumentException} naming the file,
 * key path and line; never another exception, whatever YAML (anchors, aliases, tags, nesting) and values (sizes,
 * durations, numbers no type holds) it holds.
 */
public class ConfigFuzzTest {
  static final SeedCorpus CONFIGS = SeedCorpus.load("config-yaml");
  private static final Path FILE = scratchFile("tracemate.yaml");

  /** YAML's own syntax and the values every config key parses (durations, sizes, numbers). */
  public static final List<String> YAML_TOKENS =
      List.of(
          "\n  ",
          "\n    ",
          "\n- ",
          ": ",
          "- ",
          "&a ",
          "*a",
          "<<: *a",
          "!!binary ",
          "!!int ",
          "!!float ",
          "!!map ",
          "!!seq ",
          "!!str ",
          "!!timestamp ",
          "!!java.io.File ",
          "? ",
          "|\n",
          ">-\n",
          "'",
          "\"",
          "{",
          "}",
          "[",
          "]",
          "~",
          "null",
          "0x",
          "0o7",
          ".inf",
          "-.nan",
          "1_000",
          "2001-12-14t21:59:43.10-05:00",
          "-1s",
          "0s",
          "1ms",
          "99999999999d",
          "9223372036854775807ns",
          "1.5h",
          "5m3",
          "1KiB",
          "8EB",
          "1e309",
          "-9223372036854775809",
          "---\n",
          "...\n",
          "%YAML 1.2\n",
          "\t");

  private static final List<String> KEYS =
      List.of(
          "server:",
          "receivers:",
          "query:",
          "storage:",
          "ingest:",
          "pipeline:",
          "logs:",
          "auth:",
          "multitenancy:",
          "ruler:",
          "alerting:",
          "kafka:",
          "runtime_config:",
          "tls:",
          "processors:",
          "traces:",
          "max-queued: ",
          "max-queued-bytes: ",
          "flush-interval: ",
          "retention: ",
          "data-dir: ",
          "max-request-bytes: ",
          "max-request-objects: ",
          "bind: ",
          "http-port: ",
          "tail_sampling:",
          "policies:",
          "decision_wait: ",
          "num_traces: ",
          "attributes/x:",
          "actions:",
          "redaction:",
          "semantic_alignment:",
          "enabled: ",
          "tokens:",
          "rbac:",
          "bindings:",
          "backend: opensearch",
          "max-tenants: ",
          "split-interval: ",
          "max-query-depth: ");

  @Provide
  Arbitrary<Mutant> configs() {
    return Mutants.of(CONFIGS, concat(YAML_TOKENS, KEYS));
  }

  /**
   * SnakeYAML scans a long plain scalar in time and garbage quadratic in its length (a 256 KiB key: 130 MB, read
   * twice when the loader then looks for the line of an error), bounded by its 3 MB code point limit; the file is
   * the operator's, so the bound here is higher than for a client's body.
   */
  @FuzzTarget(maxAllocatedBytesPerTry = 1L << 30)
  void aConfigLoadsOrIsRefusedWithFileKeyAndLine(@ForAll("configs") Mutant yaml) {
    load(yaml.bytes());
  }

  @Example
  void everySeedLoadsOrIsRefusedWithFileKeyAndLine() {
    CONFIGS.seeds().forEach(seed -> load(seed.bytes()));
  }

  private static void load(byte[] yaml) {
    write(FILE, yaml);
    Outcomes.acceptedOrRefused(() -> new ConfigLoader().load(FILE), IllegalArgumentException.class);
  }

  public static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  /** A file under {@code target/} rewritten for every try (tries run one at a time). */
  public static Path scratchFile(String name) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "fuzz-scratch"));
      return dir.resolve(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void write(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
