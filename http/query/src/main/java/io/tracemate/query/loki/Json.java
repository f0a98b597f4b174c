package io.tracemate.query.loki;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tracemate.logs.model.Label;
import io.tracemate.logs.model.LabelSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/** Jackson streaming output into memory, and the number formats Loki's JSON uses. Thread-safe. */
final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  /** Writes one JSON value. */
  @FunctionalInterface
  interface Writer {
    void write(JsonGenerator out) throws IOException;
  }

  private Json() {}

  static byte[] bytes(Writer writer) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    try (JsonGenerator out = FACTORY.createGenerator(buffer, JsonEncoding.UTF8)) {
      writer.write(out);
    } catch (IOException e) {
      // Only a bug in a writer can get here: the target is memory.
      throw new UncheckedIOException("cannot write JSON response", e);
    }
    return buffer.toByteArray();
  }

  /** {@code {"name":"value",...}} in label order. */
  static void writeLabels(JsonGenerator out, LabelSet labels) throws IOException {
    out.writeStartObject();
    for (Label label : labels.labels()) {
      out.writeStringField(label.name(), label.value());
    }
    out.writeEndObject();
  }

  /**
   * Unix seconds as a JSON number with up to millisecond precision and no trailing zeros, as Prometheus'
   * {@code model.Time} prints: 4000 ms is {@code 4}, 1500 ms is {@code 1.5}.
   */
  static void writeSeconds(JsonGenerator out, long millis) throws IOException {
    out.writeNumber(BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString());
  }

  /**
   * A sample value as Prometheus' {@code model.SampleValue} prints it (Go's {@code FormatFloat(v, 'f', -1)}):
   * shortest round-trip digits, never an exponent; {@code NaN}, {@code +Inf}, {@code -Inf}.
   */
  static String formatValue(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == 0) {
      return (1 / value) < 0 ? "-0" : "0";
    }
    return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }
}
