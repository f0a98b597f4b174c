package io.tracemate.ingest;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads metrics as Prometheus scrapes them. */
public final class TestMetrics {
  private TestMetrics() {}

  /** The value of an unlabelled metric (with its exposed name, e.g. {@code ..._total}). */
  public static double value(PrometheusRegistry registry, String name) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1));
      }
    }
    throw new AssertionError("no metric " + name + " in the scrape");
  }
}
