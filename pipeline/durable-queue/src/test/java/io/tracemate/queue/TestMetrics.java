package io.tracemate.queue;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads metrics as Prometheus scrapes them. */
public final class TestMetrics {
  private TestMetrics() {}

  /** The value of a queue metric of one signal (with its exposed name, e.g. {@code ..._total}). */
  public static double value(PrometheusRegistry registry, String name, String signal)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    String series = name + "{signal=\"" + signal + "\"}";
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1));
      }
    }
    throw new AssertionError("no metric " + series + " in the scrape");
  }
}
