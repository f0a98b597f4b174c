package io.tracemate.component;

import io.tracemate.model.Span;
import java.util.List;
import java.util.Objects;

/**
 * Spans as they travel the pipeline.
 *
 * <p>The list is taken as it is (never copied: this is the hottest path) and must not be changed afterwards by
 * anyone. {@link #storedForm()} is the receiver's own bytes of exactly these spans, or null; it stays valid only as
 * long as the spans are the receiver's, so {@link #withSpans} drops it when a processor changed them.
 *
 * <p>Issue 12 (tenants for spans) adds the tenant as the first component, as {@link LogBatch} has it: every
 * component already receives the batch whole, so only the receivers (which read it) and the stores (which keep it)
 * change.
 *
 * @param spans the spans, in the order received
 * @param storedForm the receiver's bytes of the spans, or null
 */
public record SpanBatch(List<Span> spans, StoredForm storedForm) implements Batch {

  public SpanBatch {
    Objects.requireNonNull(spans, "spans");
  }

  /** Spans without a stored form (decoded from a format the write-ahead log does not use, or changed). */
  public static SpanBatch of(List<Span> spans) {
    return new SpanBatch(spans, null);
  }

  /** The same spans without the stored form: for holding on to the spans once the bytes have served. */
  public SpanBatch withoutStoredForm() {
    return storedForm == null ? this : new SpanBatch(spans, null);
  }

  /** This batch when {@code changed} is its own list, else a batch of {@code changed} without a stored form. */
  public SpanBatch withSpans(List<Span> changed) {
    return changed == spans ? this : new SpanBatch(changed, null);
  }

  @Override
  public int items() {
    return spans.size();
  }
}
