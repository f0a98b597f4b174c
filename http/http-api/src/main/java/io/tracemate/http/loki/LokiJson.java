package io.tracemate.http.loki;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tracemate.logs.model.Label;
import io.tracemate.logs.model.LabelSet;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * The values Loki's JSON writes its own way: label sets as objects, times as Prometheus prints them, sample values as
 * Go prints them. Documents are written with the shared {@link io.tracemate.http.support.JsonBody}. Stateless and
 * thread-safe.
 */
final class LokiJson {
  private LokiJson() {}

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
