package io.tracemate.demo;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;

/**
 * Delegates to the real exporter and counts how many log records the backend accepted or refused.
 * Thread-safe as long as the delegate is.
 */
final class CountingLogRecordExporter implements LogRecordExporter {

  private final LogRecordExporter delegate;
  private final LongAdder exported;
  private final LongAdder failed;

  CountingLogRecordExporter(LogRecordExporter delegate, LongAdder exported, LongAdder failed) {
    this.delegate = delegate;
    this.exported = exported;
    this.failed = failed;
  }

  @Override
  public CompletableResultCode export(Collection<LogRecordData> logs) {
    int count = logs.size();
    CompletableResultCode result = delegate.export(logs);
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
