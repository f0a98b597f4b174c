package io.tracemate.demo;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;

/**
 * Exporters that delegate to the real ones and count how many spans or log records the backend accepted or
 * refused, once the export has finished. The SDK has one exporter interface per signal, so there is one wrapper per
 * signal around one way of counting. Thread-safe as long as the delegate is.
 */
final class CountingExporters {
  private CountingExporters() {}

  static SpanExporter spans(SpanExporter delegate, LongAdder exported, LongAdder failed) {
    Tally tally = new Tally(exported, failed);
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        return tally.count(spans.size(), delegate.export(spans));
      }

      @Override
      public CompletableResultCode flush() {
        return delegate.flush();
      }

      @Override
      public CompletableResultCode shutdown() {
        return delegate.shutdown();
      }
    };
  }

  static LogRecordExporter logs(LogRecordExporter delegate, LongAdder exported, LongAdder failed) {
    Tally tally = new Tally(exported, failed);
    return new LogRecordExporter() {
      @Override
      public CompletableResultCode export(Collection<LogRecordData> logs) {
        return tally.count(logs.size(), delegate.export(logs));
      }

      @Override
      public CompletableResultCode flush() {
        return delegate.flush();
      }

      @Override
      public CompletableResultCode shutdown() {
        return delegate.shutdown();
      }
    };
  }

  /** Counts one signal's finished exports: {@code exported} when the backend took them, else {@code failed}. */
  private record Tally(LongAdder exported, LongAdder failed) {
    CompletableResultCode count(int items, CompletableResultCode result) {
      result.whenComplete(() -> (result.isSuccess() ? exported : failed).add(items));
      return result;
    }
  }
}
