package io.tracemate.demo;

import io.opentelemetry.sdk.common.CompletableResultCode;

/**
 * Where one replica's logs go: the OpenTelemetry Logs Bridge (what the logback and log4j appenders
 * of the OpenTelemetry Java agent call) or a loki4j appender pushing to the Loki API.
 *
 * <p>Implementations are thread-safe.
 */
sealed interface LogChannel permits OtlpLogChannel, LokiLogChannel, LogChannel.Disabled {

  /** Hands the line to the channel's batching; never blocks on the network. */
  void write(LogLine line);

  /** Exports what is buffered, if the channel can be flushed on demand. */
  CompletableResultCode flush();

  /** Sends what is buffered and releases the channel's threads and connections. */
  CompletableResultCode shutdown();

  /** Logs switched off ({@link DemoOptions#logsEnabled()} false). */
  enum Disabled implements LogChannel {
    INSTANCE;

    @Override
    public void write(LogLine line) {}

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
