package io.tracemate.analysis;

import io.tracemate.model.Trace;

/**
 * Not a test: prints how long {@link TraceAnalyzer#analyze} takes on the 10,000-span trace of
 * {@link LargeTraceTest}. Run with the module's test classpath, e.g.
 * {@code java -cp target/classes:target/test-classes:<model jar> io.tracemate.analysis.AnalyzerTiming}.
 */
final class AnalyzerTiming {
  private AnalyzerTiming() {}

  public static void main(String[] args) {
    Trace trace = GeneratedTraces.generate(10_000, 1_000_000_000L, 42);
    int spans = 0;
    for (int warmUp = 0; warmUp < 200; warmUp++) {
      spans += TraceAnalyzer.analyze(trace).nodes().size();
    }
    int runs = 100;
    long begin = System.nanoTime();
    for (int run = 0; run < runs; run++) {
      spans += TraceAnalyzer.analyze(trace).nodes().size();
    }
    long perRun = (System.nanoTime() - begin) / runs;
    System.out.printf(
        "10,000-span trace: %.2f ms per analysis (checksum %d)%n", perRun / 1e6, spans);
    Trace other = GeneratedTraces.generate(10_000, 1_000_000_000L, 7);
    long coldBegin = System.nanoTime();
    TraceAnalyzer.analyze(other);
    System.out.printf(
        "another trace, first call after warm-up: %.2f ms%n",
        (System.nanoTime() - coldBegin) / 1e6);
  }
}
