package io.tracemate.demo;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A replica's logs through the OpenTelemetry Logs Bridge API: its own {@link SdkLoggerProvider}
 * with the replica's resource, a {@link BatchLogRecordProcessor} and an OTLP/gRPC exporter to the
 * same endpoint as its traces. Records look like those of the OpenTelemetry logback appender: the
 * instrumentation scope is the logger name, the body the formatted message, the trace and span IDs
 * those of the active span, {@code thread.name} and {@code exception.*} attributes.
 *
 * <p>Thread-safe.
 */
final class OtlpLogChannel implements LogChannel {

  private static final AttributeKey<String> THREAD_NAME = AttributeKey.stringKey("thread.name");
  private static final AttributeKey<String> EXCEPTION_TYPE =
      AttributeKey.stringKey("exception.type");
  private static final AttributeKey<String> EXCEPTION_MESSAGE =
      AttributeKey.stringKey("exception.message");
  private static final AttributeKey<String> EXCEPTION_STACKTRACE =
      AttributeKey.stringKey("exception.stacktrace");

  private final SdkLoggerProvider provider;
  private final LogCounters counters;

  OtlpLogChannel(
      String otlpEndpoint, Resource resource, SimulatedClock clock, LogCounters counters) {
    this.counters = counters;
    OtlpGrpcLogRecordExporter otlp =
        OtlpGrpcLogRecordExporter.builder()
            .setEndpoint(otlpEndpoint)
            .setTimeout(Duration.ofSeconds(10))
            .build();
    BatchLogRecordProcessor processor =
        BatchLogRecordProcessor.builder(
                CountingExporters.logs(otlp, counters.otlpExported, counters.otlpFailed))
            .setScheduleDelay(Duration.ofMillis(500))
            .setMaxQueueSize(16_384)
            .setMaxExportBatchSize(512)
            .setExporterTimeout(Duration.ofSeconds(10))
            .build();
    this.provider =
        SdkLoggerProvider.builder()
            .setResource(resource)
            .setClock(clock)
            .addLogRecordProcessor(processor)
            .build();
  }

  @Override
  public void write(LogLine line) {
    LogRecordBuilder record =
        provider
            .get(line.logger())
            .logRecordBuilder()
            .setTimestamp(line.epochNanos(), TimeUnit.NANOSECONDS)
            .setObservedTimestamp(line.epochNanos(), TimeUnit.NANOSECONDS)
            .setSeverity(line.severity().otel())
            .setSeverityText(line.severity().name())
            .setBody(line.message())
            .setAllAttributes(line.attributes())
            .setAttribute(THREAD_NAME, line.thread());
    if (line.spanContext().isValid()) {
      record.setContext(Context.root().with(Span.wrap(line.spanContext())));
    }
    SimulatedException exception = line.exception();
    if (exception != null) {
      record
          .setAttribute(EXCEPTION_TYPE, exception.typeName())
          .setAttribute(EXCEPTION_MESSAGE, exception.getMessage())
          .setAttribute(EXCEPTION_STACKTRACE, stackTrace(exception));
    }
    record.emit();
    counters.otlpRecords.increment();
  }

  @Override
  public CompletableResultCode flush() {
    return provider.forceFlush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return provider.shutdown();
  }

  /** What {@code printStackTrace} renders, as the logback appender puts it in exception.stacktrace. */
  static String stackTrace(Throwable exception) {
    StringWriter text = new StringWriter(2048);
    try (PrintWriter writer = new PrintWriter(text)) {
      exception.printStackTrace(writer);
    }
    return text.toString();
  }
}
