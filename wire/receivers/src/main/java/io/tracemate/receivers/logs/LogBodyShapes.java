package io.tracemate.receivers.logs;

import com.github.loki4j.pkg.loki.protobuf.Push;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.tracemate.receivers.exchange.BodyShape;

/**
 * What the log receivers' bodies decode into ({@link BodyShape}), with the decoded heap per object counted as
 * measured for each decoder, as for spans ({@code SpanBodyShapes}): the body decoded into log entries, everything
 * held, heap after a full GC minus before, divided by the objects counted, on bodies of empty records (the worst
 * case), rounded up with room for the string headers of lines that are not empty.
 */
final class LogBodyShapes {
  /** OTLP protobuf (HTTP and gRPC): 133 bytes per empty log record. */
  static final BodyShape OTLP_PROTOBUF =
      BodyShape.protobuf(ExportLogsServiceRequest.getDescriptor(), 144);

  /** OTLP/JSON: Jackson's tree, the protobuf JSON parser's tree and the message, as for spans. */
  static final BodyShape OTLP_JSON = BodyShape.json(352);

  /** Loki push JSON, decoded as it streams: 12 bytes per value of empty lines. */
  static final BodyShape LOKI_JSON = BodyShape.json(48);

  /** Loki push protobuf (after snappy): 36 bytes per empty entry. */
  static final BodyShape LOKI_PROTOBUF = BodyShape.protobuf(Push.PushRequest.getDescriptor(), 48);

  private LogBodyShapes() {}
}
