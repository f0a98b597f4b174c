package io.tracemate.alerting.notify.alertmanager;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracemate.alerting.notify.NotifyJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The shared real Alertmanager ({@link io.tracemate.testing.AlertmanagerProcess}) with its alerts read as JSON;
 * the test is skipped when the binary is missing (outside CI).
 */
final class AlertmanagerProcess implements AutoCloseable {
  private final io.tracemate.testing.AlertmanagerProcess process;

  AlertmanagerProcess(Path directory, String config) throws IOException {
    io.tracemate.testing.AlertmanagerProcess.unavailable()
        .ifPresent(reason -> assumeTrue(false, reason));
    this.process = new io.tracemate.testing.AlertmanagerProcess(directory, config);
  }

  String url() {
    return process.url();
  }

  String target() {
    return process.target();
  }

  /** {@code GET /api/v2/alerts}: the alerts Alertmanager holds as active. */
  JsonNode alerts() {
    try {
      return NotifyJson.MAPPER.readTree(process.alertsJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
