package io.tracemate.receivers.logs;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.tracemate.codec.logs.DecodedLogs;

/** OTLP logs export responses, shared by the gRPC and HTTP transports. */
final class OtlpLogResponses {
  private OtlpLogResponses() {}

  /**
   * Full success leaves partial_success unset; records rejected while decoding or refused by validation (not rate
   * limits, which are answered as retryable errors) fill it in.
   */
  static ExportLogsServiceResponse exportResponse(DecodedLogs decoded, Validation validation) {
    long rejected = decoded.rejectedCount() + validation.refusedEntries();
    if (rejected == 0) {
      return ExportLogsServiceResponse.getDefaultInstance();
    }
    String message = decoded.errorMessage();
    String refused = validation.message();
    if (!refused.isEmpty()) {
      message = message.isEmpty() ? refused : message + "\n" + refused;
    }
    return ExportLogsServiceResponse.newBuilder()
        .setPartialSuccess(
            ExportLogsPartialSuccess.newBuilder()
                .setRejectedLogRecords(rejected)
                .setErrorMessage(message))
        .build();
  }
}
