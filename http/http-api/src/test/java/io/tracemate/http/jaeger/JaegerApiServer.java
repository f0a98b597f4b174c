package io.tracemate.http.jaeger;

import static io.tracemate.http.jaeger.TestTraces.NOW;

import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.function.Consumer;

/**
 * The Jaeger query API (v1 and api_v3) over an in-memory store, "now" fixed at {@link TestTraces#NOW}, as the
 * HTTP tests serve it: a JUnit extension to register in a static field.
 */
final class JaegerApiServer extends ServerExtension {
  private final InMemoryTraceStore store;
  private final Consumer<ServerBuilder> more;

  JaegerApiServer(InMemoryTraceStore store) {
    this(store, server -> {});
  }

  /** @param more what a test adds to the server, e.g. an error handler */
  JaegerApiServer(InMemoryTraceStore store, Consumer<ServerBuilder> more) {
    this.store = store;
    this.more = more;
  }

  @Override
  protected void configure(ServerBuilder sb) {
    new JaegerQueryApi(store, store, Clock.fixed(NOW, ZoneOffset.UTC)).addTo(sb);
    more.accept(sb);
  }
}
