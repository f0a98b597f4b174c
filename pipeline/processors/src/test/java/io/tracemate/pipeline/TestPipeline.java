package io.tracemate.pipeline;

import io.tracemate.component.ProcessorChain;
import io.tracemate.component.ProcessorStats;
import io.tracemate.component.SpanBatch;
import io.tracemate.model.Span;
import java.util.List;

/** A processor chain driven with span lists, as the tests write them. */
public final class TestPipeline {
  private final ProcessorChain<SpanBatch> chain;

  private TestPipeline(ProcessorChain<SpanBatch> chain) {
    this.chain = chain;
  }

  public static TestPipeline of(ProcessorChain<SpanBatch> chain) {
    return new TestPipeline(chain);
  }

  /** The spans the chain passes on; the same list when no processor changed anything. */
  public List<Span> process(List<Span> spans) {
    return chain.process(SpanBatch.of(spans)).spans();
  }

  public List<String> processorNames() {
    return chain.names();
  }

  public List<ProcessorStats> stats() {
    return chain.stats();
  }
}
