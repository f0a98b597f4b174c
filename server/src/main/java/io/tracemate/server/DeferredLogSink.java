package io.tracemate.server;

import io.tracemate.ingest.IngestRejectedException;
import io.tracemate.logs.LogSink;
import io.tracemate.logs.LogStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The Loki push endpoint lives on the HTTP port, which comes up before the log WAL has been replayed; until the
 * durable sink is open, pushes are refused with a retry hint rather than racing the replay.
 */
final class DeferredLogSink implements LogSink {
  private final Duration retryAfter;
  private volatile LogSink delegate;

  DeferredLogSink(Duration retryAfter) {
    this.retryAfter = retryAfter;
  }

  void open(LogSink sink) {
    this.delegate = sink;
  }

  @Override
  public CompletableFuture<Void> accept(String tenant, List<LogStream> streams) {
    LogSink sink = delegate;
    if (sink == null) {
      return CompletableFuture.failedFuture(
          new IngestRejectedException("server is starting: the log write-ahead log is being replayed", retryAfter));
    }
    return sink.accept(tenant, streams);
  }
}
