package io.tracemate.pipeline.sampling;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.Span;
import java.util.List;

/**
 * Receives the spans the sampler keeps, one tenant's at a time: whole traces when they are decided, and late spans
 * of kept traces. Called on the sampler's thread, from {@link TailSampler#offer}, {@link TailSampler#tick} and
 * {@link TailSampler#decideAll}; the list is not reused by the sampler afterwards.
 */
@FunctionalInterface
public interface SampledSpansConsumer {
  void accept(TenantId tenant, List<Span> keptSpans);
}
