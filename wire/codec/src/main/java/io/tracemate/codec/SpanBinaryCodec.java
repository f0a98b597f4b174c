package io.tracemate.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import io.tracemate.codec.otlp.DecodedSpans;
import io.tracemate.codec.otlp.OtlpTraceDecoder;
import io.tracemate.codec.otlp.OtlpTraceEncoder;
import io.tracemate.model.Span;
import java.util.List;

/**
 * The binary form of spans at rest (write-ahead log, store): OTLP {@code TracesData} protobuf bytes. It is
 * compact, shares each resource and scope between its spans, and stays readable by any OTLP tool.
 *
 * <p>Lossless: {@code decode(encode(spans))} equals {@code spans} for any spans with valid IDs (a span with
 * an all-zero trace or span ID cannot be stored), except that spans with equal resources and scopes come back
 * grouped together, in first-seen order of their group. Stateless and thread-safe.
 */
public final class SpanBinaryCodec {
  private SpanBinaryCodec() {}

  public static byte[] encode(List<Span> spans) {
    return OtlpTraceEncoder.encodeTracesData(spans).toByteArray();
  }

  /**
   * @throws IllegalArgumentException when the bytes are not TracesData or hold spans with invalid IDs, which
   *     {@link #encode} never writes, so either means corruption
   */
  public static List<Span> decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /**
   * {@link #decode(byte[])} of {@code length} bytes from {@code offset} (a record that holds more than the spans).
   *
   * @throws IllegalArgumentException as {@link #decode(byte[])}
   */
  public static List<Span> decode(byte[] bytes, int offset, int length) {
    DecodedSpans decoded;
    try {
      decoded = OtlpTraceDecoder.decode(bytes, offset, length);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(
          "corrupt span data (" + length + " bytes): " + e.getMessage(), e);
    }
    if (decoded.hasRejections()) {
      throw new IllegalArgumentException("corrupt span data: " + decoded.errorMessage());
    }
    return decoded.spans();
  }
}
