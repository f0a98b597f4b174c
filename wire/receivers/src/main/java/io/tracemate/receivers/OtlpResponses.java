package io.tracemate.receivers;

import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.tracemate.codec.otlp.DecodedSpans;

/** OTLP export responses, shared by the gRPC and HTTP transports. */
final class OtlpResponses {
  private OtlpResponses() {}

  /** Full success leaves partial_success unset (an empty message); rejections fill it in. */
  static ExportTraceServiceResponse exportResponse(DecodedSpans decoded) {
    if (!decoded.hasRejections()) {
      return ExportTraceServiceResponse.getDefaultInstance();
    }
    return ExportTraceServiceResponse.newBuilder()
        .setPartialSuccess(
            ExportTracePartialSuccess.newBuilder()
                .setRejectedSpans(decoded.rejectedCount())
                .setErrorMessage(decoded.errorMessage()))
        .build();
  }
}
