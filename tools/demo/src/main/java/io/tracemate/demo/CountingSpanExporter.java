package io.tracemate.demo;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;

/**
 * Delegates to the real exporter and counts how many spans the backend accepted or refused.
 * Thread-safe as long as the delegate is.
 */
final class CountingSpanExporter implements SpanExporter {

  private final SpanExporter delegate;
  private final LongAdder exported;
  private final LongAdder failed;

  CountingSpanExporter(SpanExporter delegate, LongAdder exported, LongAdder failed) {
    this.delegate = delegate;
    this.exported = exported;
    this.failed = failed;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int count = spans.size();
    CompletableResultCode result = delegate.export(spans);
    result.whenComplete(() -> (result.isSuccess() ? exported : failed).add(count));
    return result;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }
}
