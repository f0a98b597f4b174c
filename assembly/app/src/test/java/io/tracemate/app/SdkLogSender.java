package io.tracemate.app;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.resources.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Log records made by the OpenTelemetry SDK's logger and sent by its own OTLP/gRPC exporter, one export per call of
 * {@link #send}, so that the exporter's result says whether the receiver acknowledged those lines. Thread-safe.
 */
final class SdkLogSender implements AutoCloseable {
  private final LogRecordExporter exporter;
  private final SdkLoggerProvider provider;
  private final Logger logger;
  private final ThreadLocal<List<LogRecordData>> emitted = ThreadLocal.withInitial(ArrayList::new);

  private SdkLogSender(LogRecordExporter exporter, String service) {
    this.exporter = exporter;
    provider =
        SdkLoggerProvider.builder()
            .setResource(
                Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
            .addLogRecordProcessor(new Collect())
            .build();
    logger = provider.get("tracemate-test");
  }

  /** Sends over OTLP/gRPC to {@code port}. */
  static SdkLogSender grpc(int port, String service) {
    return new SdkLogSender(
        OtlpGrpcLogRecordExporter.builder()
            .setEndpoint("http://127.0.0.1:" + port)
            .setTimeout(Duration.ofSeconds(10))
            .build(),
        service);
  }

  /**
   * One export of {@code lines}, each an INFO record stamped now.
   *
   * @return true when the receiver acknowledged them
   */
  boolean send(List<String> lines) {
    List<LogRecordData> records = emitted.get();
    records.clear();
    Instant now = Instant.now();
    for (String line : lines) {
      logger
          .logRecordBuilder()
          .setTimestamp(now)
          .setSeverity(Severity.INFO)
          .setSeverityText("INFO")
          .setBody(line)
          .emit();
    }
    CompletableResultCode result = exporter.export(List.copyOf(records)).join(15, TimeUnit.SECONDS);
    records.clear();
    return result.isSuccess();
  }

  @Override
  public void close() {
    provider.close();
    exporter.close();
  }

  /** Keeps each emitted record, on its thread, for the export of its call. */
  private final class Collect implements LogRecordProcessor {
    @Override
    public void onEmit(Context context, ReadWriteLogRecord logRecord) {
      emitted.get().add(logRecord.toLogRecordData());
    }
  }
}
