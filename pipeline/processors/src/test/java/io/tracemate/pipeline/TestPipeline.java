package io.tracemate.pipeline;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.ProcessorChain;
import io.tracemate.component.ProcessorStats;
import io.tracemate.component.SpanBatch;
import io.tracemate.model.Span;
import io.tracemate.pipeline.config.NamedProcessorConfig;
import io.tracemate.pipeline.config.ProcessorConfig;
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

  /** A chain of the one processor that {@code config} declares under {@code name}. */
  public static TestPipeline of(String name, ProcessorConfig config) {
    return of(PipelineFactory.create(List.of(new NamedProcessorConfig(name, config))));
  }

  /** The spans the chain passes on; the same list when no processor changed anything. */
  public List<Span> process(List<Span> spans) {
    return chain.process(SpanBatch.of(TenantId.DEFAULT, spans)).spans();
  }

  /** What the chain makes of one span alone. */
  public Span processOne(Span span) {
    return process(List.of(span)).getFirst();
  }

  public List<String> processorNames() {
    return chain.names();
  }

  public List<ProcessorStats> stats() {
    return chain.stats();
  }
}
