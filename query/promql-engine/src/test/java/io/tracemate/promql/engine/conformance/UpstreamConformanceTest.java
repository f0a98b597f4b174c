package io.tracemate.promql.engine.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Prometheus' own PromQL conformance scripts ({@code promql/promqltest/testdata/*.test}, copied verbatim with a
 * license header into {@code promqltest/upstream/}) run against Tracemate's engine. Every eval either passes, is
 * skipped because it needs something Tracemate does not support (the runner says what), or is a known difference
 * listed with its reason in {@code promqltest/upstream/known-differences.txt}; anything else fails the build, and so
 * does a listed difference that has started to pass. The counts are printed and written to
 * {@code target/promql-conformance.txt}.
 */
class UpstreamConformanceTest {
  private static final int HEADER_LINES = 4;
  private static final String DIR = "promqltest/upstream/";

  @TestFactory
  Stream<DynamicNode> upstreamScripts() throws IOException {
    Map<String, String> known = Scripts.list(DIR + "known-differences.txt");
    List<DynamicNode> files = new ArrayList<>();
    Map<String, int[]> counts = new TreeMap<>();
    Map<String, Integer> skipReasons = new TreeMap<>();
    for (String file : Scripts.names(DIR + "files.txt")) {
      List<TestScript.Command> script = TestScript.parse(Scripts.resource(DIR + file));
      Map<TestScript.Eval, Outcome> outcomes =
          new ScriptRunner(ScriptRunner.testSettings()).run(script);
      int[] c = counts.computeIfAbsent(file, k -> new int[4]);
      List<DynamicTest> tests = new ArrayList<>();
      outcomes.forEach(
          (eval, outcome) -> {
            int upstreamLine = eval.line() - HEADER_LINES;
            String key = file + ":" + upstreamLine;
            String reason = known.get(key);
            String name = "line " + upstreamLine + ": " + eval.expr();
            c[outcome.status().ordinal()]++;
            if (outcome.status() == Outcome.Status.SKIP) {
              skipReasons.merge(reasonKey(outcome.message()), 1, Integer::sum);
            }
            if (reason != null && outcome.status() == Outcome.Status.FAIL) {
              c[Outcome.Status.FAIL.ordinal()]--;
              c[3]++;
            }
            tests.add(
                DynamicTest.dynamicTest(
                    name,
                    () -> {
                      switch (outcome.status()) {
                        case PASS -> {
                          if (reason != null) {
                            fail(
                                key
                                    + " is listed as a known difference ("
                                    + reason
                                    + ") but passes: remove it from the list");
                          }
                        }
                        case SKIP -> Assumptions.abort("skipped: " + outcome.message());
                        case FAIL -> {
                          if (reason != null) {
                            Assumptions.abort(
                                "known difference: " + reason + " (" + outcome.message() + ")");
                          }
                          fail(key + " " + eval.expr() + ": " + outcome.message());
                        }
                      }
                    }));
          });
      files.add(DynamicContainer.dynamicContainer(file, tests));
    }
    writeSummary(counts, skipReasons);
    return files.stream();
  }

  /** A skip reason without the case-specific tail (function names and positions kept short). */
  private static String reasonKey(String message) {
    String key = message.replaceAll("line [0-9]+", "line N");
    int cut = key.indexOf(" (");
    return cut > 0 ? key.substring(0, cut) : key;
  }

  private static void writeSummary(Map<String, int[]> counts, Map<String, Integer> skipReasons)
      throws IOException {
    StringBuilder out = new StringBuilder("Prometheus promqltest conformance (eval commands)\n");
    out.append(
        String.format(
            "%-26s %6s %6s %6s %6s %6s%n", "file", "run", "passed", "failed", "known", "skipped"));
    int[] total = new int[4];
    for (Map.Entry<String, int[]> e : counts.entrySet()) {
      int[] c = e.getValue();
      int run = c[0] + c[1] + c[3];
      out.append(
          String.format("%-26s %6d %6d %6d %6d %6d%n", e.getKey(), run, c[0], c[1], c[3], c[2]));
      for (int i = 0; i < 4; i++) {
        total[i] += c[i];
      }
    }
    out.append(
        String.format(
            "%-26s %6d %6d %6d %6d %6d%n",
            "total", total[0] + total[1] + total[3], total[0], total[1], total[3], total[2]));
    out.append("\nSkipped, by reason:\n");
    skipReasons.entrySet().stream()
        .sorted((a, b) -> b.getValue() - a.getValue())
        .forEach(e -> out.append(String.format("%6d  %s%n", e.getValue(), e.getKey())));
    System.out.print(out);
    Path target = Path.of("target");
    if (Files.isDirectory(target)) {
      Files.writeString(target.resolve("promql-conformance.txt"), out);
    }
  }
}
