package io.tracemate.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads sample values out of a Prometheus text exposition (the handful of gauges and counters the
 * bench reports). Samples of the same metric with different labels are summed. The Prometheus
 * Java client writes this format but offers no parser, and the bench needs only name and value.
 */
final class PrometheusText {

  private PrometheusText() {}

  static Map<String, Double> samples(String exposition) {
    Map<String, Double> values = new HashMap<>();
    for (String rawLine : exposition.split("\n")) {
      String line = rawLine.trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int nameEnd = 0;
      while (nameEnd < line.length()
          && line.charAt(nameEnd) != '{'
          && !Character.isWhitespace(line.charAt(nameEnd))) {
        nameEnd++;
      }
      String name = line.substring(0, nameEnd);
      int valueStart = nameEnd;
      if (valueStart < line.length() && line.charAt(valueStart) == '{') {
        valueStart = line.lastIndexOf('}') + 1;
      }
      String[] rest = line.substring(valueStart).trim().split("\\s+");
      if (name.isEmpty() || rest.length == 0 || rest[0].isEmpty()) {
        continue;
      }
      try {
        values.merge(name, Double.parseDouble(rest[0]), Double::sum);
      } catch (NumberFormatException ignored) {
        // A value like "NaN" parses; anything else is not a sample we can use.
      }
    }
    return values;
  }
}
