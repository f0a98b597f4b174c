package io.tracemate.component;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.Span;
import java.util.List;
import java.util.Objects;

/**
 * Spans of one tenant as they travel the pipeline.
 *
 * <p>The list is taken as it is (never copied: this is the hottest path) and must not be changed afterwards by
 * anyone. {@link #storedForm()} is the receiver's own bytes of exactly these spans, or null; it stays valid only as
 * long as the spans are the receiver's, so {@link #withSpans} drops it when a processor changed them.
 *
 * <p>The tenant belongs to the batch, not to each span: a request is one tenant's (the receiver takes it from the
 * request's authorized scope), so carrying it costs one field per batch and nothing per span. Every component
 * receives the batch whole and passes the tenant on; the write-ahead log and the stores keep it.
 *
 * @param tenant whose spans these are ({@link TenantId#DEFAULT} when multitenancy is off and none was named)
 * @param spans the spans, in the order received
 * @param storedForm the receiver's bytes of the spans, or null
 */
public record SpanBatch(TenantId tenant, List<Span> spans, StoredForm storedForm) implements Batch {

  public SpanBatch {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(spans, "spans");
  }

  /** Spans without a stored form (decoded from a format the write-ahead log does not use, or changed). */
  public static SpanBatch of(TenantId tenant, List<Span> spans) {
    return new SpanBatch(tenant, spans, null);
  }

  /** The same spans without the stored form: for holding on to the spans once the bytes have served. */
  public SpanBatch withoutStoredForm() {
    return storedForm == null ? this : new SpanBatch(tenant, spans, null);
  }

  /**
   * This batch when {@code changed} is its own list, else a batch of the same tenant of {@code changed} without a
   * stored form.
   */
  public SpanBatch withSpans(List<Span> changed) {
    return changed == spans ? this : new SpanBatch(tenant, changed, null);
  }

  @Override
  public int items() {
    return spans.size();
  }
}
