package io.tracemate.storage.lucene;

import io.tracemate.model.Attribute;
import io.tracemate.model.InstrumentationScope;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Status;
import io.tracemate.model.StatusCode;
import io.tracemate.model.TraceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Realistic-looking traces for benchmarks: 10 spans over a few services, 11 attributes per span (a mix of
 * low-cardinality values, a URL with an ID and a thread), resources and scopes shared like an SDK would.
 */
final class SyntheticTraces {
  static final int SPANS_PER_TRACE = 10;
  private static final String[] SERVICES = {
    "frontend",
    "checkout",
    "cart",
    "payment",
    "shipping",
    "email",
    "currency",
    "recommendation",
    "ad",
    "product-catalog",
    "quote",
    "fraud-detection"
  };
  private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
  private static final String[] ROUTES = {
    "/api/orders/{id}",
    "/api/cart",
    "/api/products/{id}",
    "/api/checkout",
    "/api/users/{id}/profile",
    "/api/shipping/quote",
    "/api/currency/convert",
    "/api/recommendations",
    "/health",
    "/api/payments/{id}/capture"
  };
  private static final String[] STATEMENTS = {
    "SELECT * FROM orders WHERE id = ?",
    "SELECT id, name, price FROM products WHERE category = ? LIMIT 20",
    "UPDATE carts SET updated_at = now() WHERE user_id = ?",
    "INSERT INTO payments (order_id, amount) VALUES (?, ?)",
    "SELECT count(*) FROM shipments WHERE status = ?"
  };

  private final Random random;
  private final Resource[][] resources = new Resource[SERVICES.length][3];
  private final InstrumentationScope[] scopes = {
    new InstrumentationScope("io.opentelemetry.spring-webmvc-6.0", "2.10.0-alpha", List.of(), 0),
    new InstrumentationScope("io.opentelemetry.jdbc", "2.10.0-alpha", List.of(), 0),
    new InstrumentationScope("io.opentelemetry.java-http-client", "2.10.0-alpha", List.of(), 0)
  };

  SyntheticTraces(long seed) {
    random = new Random(seed);
    for (int s = 0; s < SERVICES.length; s++) {
      for (int instance = 0; instance < 3; instance++) {
        resources[s][instance] =
            new Resource(
                List.of(
                    Attribute.of("service.name", SERVICES[s]),
                    Attribute.of("service.version", "1." + s + ".3"),
                    Attribute.of("service.instance.id", SERVICES[s] + "-7d9f8c-" + instance),
                    Attribute.of("host.name", "node-" + (s * 3 + instance) % 7),
                    Attribute.of("telemetry.sdk.name", "opentelemetry"),
                    Attribute.of("telemetry.sdk.language", "java"),
                    Attribute.of("telemetry.sdk.version", "1.44.1"),
                    Attribute.of("process.runtime.name", "OpenJDK Runtime Environment"),
                    Attribute.of("process.pid", 1000L + s * 10 + instance)),
                0);
      }
    }
  }

  /** One trace of {@link #SPANS_PER_TRACE} spans starting at {@code startNanos}. */
  List<Span> trace(long startNanos) {
    TraceId traceId = new TraceId(random.nextLong() | 1, random.nextLong() | 1);
    List<Span> spans = new ArrayList<>(SPANS_PER_TRACE);
    SpanId[] ids = new SpanId[SPANS_PER_TRACE];
    int[] serviceOf = new int[SPANS_PER_TRACE];
    boolean failed = random.nextInt(50) == 0;
    for (int i = 0; i < SPANS_PER_TRACE; i++) {
      ids[i] = new SpanId(random.nextLong() | 1);
      int parent = i == 0 ? -1 : random.nextInt(i);
      serviceOf[i] =
          i == 0 ? 0 : (i % 3 == 0 ? serviceOf[parent] : random.nextInt(SERVICES.length));
      boolean database = i % 4 == 3;
      SpanKind kind =
          i == 0 || serviceOf[i] != serviceOf[Math.max(0, parent)]
              ? SpanKind.SERVER
              : database ? SpanKind.CLIENT : SpanKind.INTERNAL;
      long start = startNanos + i * 1_500_000L + random.nextInt(1_000_000);
      long duration = 200_000L + random.nextInt(40_000_000);
      String route = ROUTES[random.nextInt(ROUTES.length)];
      int status = failed && i == SPANS_PER_TRACE - 1 ? 500 : random.nextInt(40) == 0 ? 404 : 200;
      List<Attribute> attributes =
          List.of(
              Attribute.of("http.request.method", METHODS[random.nextInt(METHODS.length)]),
              Attribute.of("http.route", route),
              Attribute.of(
                  "url.full",
                  "https://shop.example.com"
                      + route.replace("{id}", Integer.toString(random.nextInt(100_000)))),
              Attribute.of("http.response.status_code", (long) status),
              Attribute.of("server.address", SERVICES[serviceOf[i]] + ".shop.svc.cluster.local"),
              Attribute.of("server.port", 8080L),
              Attribute.of("network.protocol.version", "1.1"),
              Attribute.of("thread.id", (long) (30 + random.nextInt(200))),
              Attribute.of("thread.name", "http-nio-8080-exec-" + random.nextInt(200)),
              Attribute.of("db.system", database ? "postgresql" : "none"),
              Attribute.of(
                  "db.statement", database ? STATEMENTS[random.nextInt(STATEMENTS.length)] : ""));
      spans.add(
          Span.builder()
              .traceId(traceId)
              .spanId(ids[i])
              .parentSpanId(parent < 0 ? SpanId.NONE : ids[parent])
              .name(
                  database ? "SELECT shop" : METHODS[random.nextInt(METHODS.length)] + " " + route)
              .kind(kind)
              .startEpochNanos(start)
              .endEpochNanos(start + duration)
              .attributes(attributes)
              .status(
                  status == 500
                      ? new Status(StatusCode.ERROR, "Internal Server Error")
                      : Status.UNSET)
              .flags(0x301)
              .resource(resources[serviceOf[i]][random.nextInt(3)])
              .scope(scopes[database ? 1 : kind == SpanKind.SERVER ? 0 : 2])
              .build());
    }
    return spans;
  }
}
