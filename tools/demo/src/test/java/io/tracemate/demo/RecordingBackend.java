package io.tracemate.demo;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.grpc.GrpcService;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A backend on one loopback port that records what the demo sends: OTLP/gRPC traces and logs, and Loki pushes.
 * Register it in a static field with {@code @RegisterExtension}: it starts before the class's first test, forgets
 * what earlier tests sent before each test, and stops after the last one.
 */
final class RecordingBackend implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  final RecordingTraceService traces = new RecordingTraceService();
  final RecordingLogsService otlpLogs = new RecordingLogsService();
  final RecordingLokiPushService loki = new RecordingLokiPushService();
  private Server server;

  /** The base URI of every endpoint, e.g. {@code http://127.0.0.1:4317}. */
  String endpoint() {
    return "http://127.0.0.1:" + server.activeLocalPort();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server =
        Server.builder()
            .http(new InetSocketAddress("127.0.0.1", 0))
            .service(GrpcService.builder().addService(traces).addService(otlpLogs).build())
            .service(LokiLogChannel.PUSH_PATH, loki)
            .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
            .build();
    server.start().join();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    traces.clear();
    otlpLogs.clear();
    loki.clear();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.stop().join();
  }
}
