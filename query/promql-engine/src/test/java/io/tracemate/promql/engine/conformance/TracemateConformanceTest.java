package io.tracemate.promql.engine.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Tracemate's own table-driven PromQL cases ({@code promqltest/tracemate/*.test}, the same format as Prometheus'
 * scripts, expectations computed by hand): every supported function and operator with the edge cases Prometheus'
 * files probe. Every eval must pass; none may be skipped.
 */
class TracemateConformanceTest {
  private static final String DIR = "promqltest/tracemate/";

  @TestFactory
  Stream<DynamicNode> tracemateScripts() {
    List<DynamicNode> files = new ArrayList<>();
    for (String file : Scripts.names(DIR + "files.txt")) {
      List<TestScript.Command> script = TestScript.parse(Scripts.resource(DIR + file));
      Map<TestScript.Eval, Outcome> outcomes =
          new ScriptRunner(ScriptRunner.testSettings()).run(script);
      List<DynamicTest> tests = new ArrayList<>();
      outcomes.forEach(
          (eval, outcome) ->
              tests.add(
                  DynamicTest.dynamicTest(
                      "line " + eval.line() + ": " + eval.expr(),
                      () -> {
                        if (outcome.status() != Outcome.Status.PASS) {
                          fail(
                              file
                                  + ":"
                                  + eval.line()
                                  + " "
                                  + eval.expr()
                                  + ": "
                                  + outcome.status()
                                  + " "
                                  + outcome.message());
                        }
                      })));
      files.add(DynamicContainer.dynamicContainer(file, tests));
    }
    return files.stream();
  }
}
