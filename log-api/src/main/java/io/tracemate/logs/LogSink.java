package io.tracemate.logs;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where receivers hand validated log streams. The future completes once the streams are durable (in the
 * write-ahead log), and fails with an exception carrying a retry hint when the server is overloaded.
 * Thread-safe.
 */
public interface LogSink {
  CompletableFuture<Void> accept(String tenant, List<LogStream> streams);
}
