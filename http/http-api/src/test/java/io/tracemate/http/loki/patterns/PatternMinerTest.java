package io.tracemate.http.loki.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.logql.engine.pipeline.LinePattern;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tokenizing, Drain clustering and per-step counting, on lines shaped like real logs. */
class PatternMinerTest {

  @Test
  void lokisDocumentedExampleGivesLokisPattern() {
    // docs/sources/reference/loki-http-api.md, "Patterns detection"
    Drain drain = new Drain();
    drain.train(
        Tokens.of(
            "ts=2024-03-30T23:03:40 caller=grpc_logging.go:66 level=info "
                + "method=/cortex.Ingester/Push duration=200ms msg=gRPC"));
    Drain.Template template =
        drain.train(
            Tokens.of(
                "ts=2024-03-30T23:03:41 caller=grpc_logging.go:66 level=info "
                    + "method=/cortex.Ingester/Push duration=500ms msg=gRPC"));
    assertThat(template.pattern())
        .isEqualTo(
            "ts=<_> caller=grpc_logging.go:66 level=info method=/cortex.Ingester/Push duration=<_> msg=gRPC");
    assertThat(template.lines()).isEqualTo(2);
    assertThat(drain.templates()).hasSize(1);
  }

  @Test
  void tokensKeepPathsAddressesAndTimesWholeAndSplitPunctuation() {
    Tokens tokens = Tokens.of("  GET /api/orders?id=42 from 10.0.0.1:8080 (took 12ms) ✓ übung");
    assertThat(tokens.tokens())
        .containsExactly(
            "GET",
            "/api/orders",
            "?",
            "id",
            "=",
            "42",
            "from",
            "10.0.0.1:8080",
            "(",
            "took",
            "12ms",
            ")",
            "✓",
            "übung");
    assertThat(tokens.layout().join(tokens.tokens()))
        .isEqualTo("  GET /api/orders?id=42 from 10.0.0.1:8080 " + "(took 12ms) ✓ übung");
    assertThat(Tokens.of("")).isNull();
    assertThat(Tokens.of("x".repeat(Tokens.MAX_LINE_LENGTH + 1))).isNull();
  }

  @Test
  void jsonLinesAreMinedByTheirMessageAsWrittenInTheLine() {
    Tokens tokens =
        Tokens.of("{\"level\":\"info\",\"msg\":\"user \\\"bob\\\" paid 42 EUR\",\"n\":1}");
    assertThat(tokens.tokens())
        .containsExactly("user", "\\", "\"", "bob", "\\", "\"", "paid", "42", "EUR");
    String pattern = tokens.layout().join(tokens.tokens());
    assertThat(pattern).isEqualTo("<_>user \\\"bob\\\" paid 42 EUR<_>");
    assertThat(
            LinePattern.compile(pattern, false)
                .matches("{\"level\":\"info\",\"msg\":\"user \\\"bob\\\" paid 42 EUR\",\"n\":1}"))
        .isTrue();
    Tokens noMessage = Tokens.of("{\"event\":\"login\",\"user\":7}");
    assertThat(noMessage.layout().join(noMessage.tokens()))
        .isEqualTo("{\"event\":\"login\",\"user\":7}");
  }

  @Test
  void shortLinesAreNotMinedAndTemplatesAreBounded() {
    Drain drain = new Drain(30, 0.3, 15, 3);
    assertThat(drain.train(Tokens.of("ok done"))).isNull();
    for (int i = 0; i < 10; i++) {
      drain.train(
          Tokens.of(
              "completely different message number "
                  + "abcdefghij".charAt(i)
                  + " here and"
                  + " there".repeat(i)));
    }
    assertThat(drain.templates()).hasSize(3);
  }

  /**
   * On seeded random lines from a handful of message shapes, every pattern matches (as a LogQL {@code |>} pattern)
   * every line it counted, and the counts add up to the lines mined.
   */
  @Test
  void everyPatternMatchesTheLinesItCounts() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom random = new SplittableRandom(seed);
    String[] users = {"alice", "bob", "carol", "dave"};
    PatternMiner miner = new PatternMiner(10_000_000_000L);
    Map<String, List<String>> linesByShape = new HashMap<>();
    long mined = 0;
    for (int i = 0; i < 2000; i++) {
      String line =
          switch (random.nextInt(4)) {
            case 0 ->
                "GET /api/orders/" + random.nextInt(100000) + " 200 " + random.nextInt(500) + "ms";
            case 1 ->
                "user "
                    + users[random.nextInt(users.length)]
                    + " logged in from 10.0."
                    + random.nextInt(255)
                    + "."
                    + random.nextInt(255);
            case 2 ->
                "level=warn msg=\"slow query\" table=orders duration="
                    + random.nextInt(9000)
                    + "ms rows="
                    + random.nextInt(10);
            default ->
                "{\"msg\":\"cache miss for key item:"
                    + random.nextInt(1000)
                    + " in region eu-"
                    + random.nextInt(3)
                    + "\",\"ts\":"
                    + random.nextLong(1_700_000_000_000L, 1_800_000_000_000L)
                    + "}";
          };
      if (miner.add("info", 1_000_000_000L * random.nextInt(600), line, 1)) {
        mined++;
      }
      linesByShape.computeIfAbsent("all", k -> new ArrayList<>()).add(line);
    }
    List<PatternMiner.PatternSeries> patterns = miner.patterns();
    assertThat(patterns).as("seed %d", seed).hasSizeBetween(4, 12);
    long counted = 0;
    for (PatternMiner.PatternSeries series : patterns) {
      LinePattern compiled = LinePattern.compile(series.pattern(), false);
      long matching = linesByShape.get("all").stream().filter(compiled::matches).count();
      assertThat(matching)
          .as("seed %d: %s", seed, series.pattern())
          .isGreaterThanOrEqualTo(series.total());
      counted += series.total();
      for (long[] sample : series.samples()) {
        assertThat(sample[0] % 10).as("aligned to the 10 s step").isZero();
      }
    }
    assertThat(counted).as("seed %d", seed).isEqualTo(mined);
  }

  @Test
  void samplesRunFromTheFirstToTheLastStepWithZerosBetweenAndWeightsCount() {
    PatternMiner miner = new PatternMiner(60_000_000_000L);
    String line = "payment for order 17 declined by bank";
    miner.add("error", 125_000_000_000L, line, 1);
    miner.add("error", 130_000_000_000L, line.replace("17", "18"), 1);
    miner.add("error", 301_000_000_000L, line.replace("17", "19"), 5);
    miner.add("info", 301_000_000_000L, line, 1);
    List<PatternMiner.PatternSeries> patterns = miner.patterns();
    assertThat(patterns).hasSize(2);
    PatternMiner.PatternSeries errors = patterns.getFirst();
    assertThat(errors.level()).isEqualTo("error");
    assertThat(errors.pattern()).isEqualTo("payment for order <_> declined by bank");
    assertThat(errors.samples())
        .containsExactly(
            new long[] {120, 2}, new long[] {180, 0}, new long[] {240, 0}, new long[] {300, 5});
    assertThat(errors.total()).isEqualTo(7);
    assertThat(patterns.get(1).level()).isEqualTo("info");
  }
}
