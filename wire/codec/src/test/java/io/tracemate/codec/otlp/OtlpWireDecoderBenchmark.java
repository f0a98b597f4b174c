package io.tracemate.codec.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.tracemate.model.Attribute;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.TraceId;
import io.tracemate.testing.TestSpans;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * CPU time and heap allocated per span to decode OTLP trace requests of 500 SDK-like spans (10 per trace, 11
 * attributes each, as {@code tracemate bench} sends), by protobuf's generated parser followed by the decoder
 * ({@link OtlpTraceDecoder#decode(ExportTraceServiceRequest)}) and by the wire decoder the receivers use
 * ({@link OtlpTraceDecoder#decode(byte[], int, int)}). Both are measured on this thread's own counters, in
 * alternating rounds, so other load on the machine moves them less than a wall clock. Not a test; run by hand:
 *
 * <pre>
 * mvn -B -q -o -pl wire/codec -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *     -Dskip.frontend -Djacoco.skip=true
 * java -cp wire/codec/target/test-classes:wire/codec/target/classes:$(cat wire/codec/target/cp.txt) \
 *     io.tracemate.codec.otlp.OtlpWireDecoderBenchmark [rounds=7] [requests=400]
 * </pre>
 */
public final class OtlpWireDecoderBenchmark {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final int SPANS_PER_REQUEST = 500;

  private OtlpWireDecoderBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 400;
    byte[] request = OtlpTraceEncoder.encode(spans(new Random(7))).toByteArray();
    System.out.printf(
        "request: %d spans, %d bytes (%.0f bytes per span)%n",
        SPANS_PER_REQUEST, request.length, request.length / (double) SPANS_PER_REQUEST);
    List<double[]> reference = new ArrayList<>();
    List<double[]> wire = new ArrayList<>();
    for (int round = 0; round < rounds + 2; round++) { // two unrecorded rounds: JIT warm-up
      double[] a = measure(requests, request, true);
      double[] b = measure(requests, request, false);
      if (round >= 2) {
        reference.add(a);
        wire.add(b);
      }
    }
    print("generated parser + decoder", reference);
    print("wire decoder", wire);
  }

  /** {CPU ns per span, bytes allocated per span} over {@code requests} decodes. */
  private static double[] measure(int requests, byte[] request, boolean generated)
      throws InvalidProtocolBufferException {
    long spans = 0;
    long cpu = THREADS.getCurrentThreadCpuTime();
    long allocated = THREADS.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < requests; i++) {
      DecodedSpans decoded =
          generated
              ? OtlpTraceDecoder.decode(ExportTraceServiceRequest.parseFrom(request))
              : OtlpTraceDecoder.decode(request, 0, request.length);
      spans += decoded.spans().size();
    }
    return new double[] {
      (THREADS.getCurrentThreadCpuTime() - cpu) / (double) spans,
      (THREADS.getCurrentThreadAllocatedBytes() - allocated) / (double) spans
    };
  }

  private static void print(String what, List<double[]> rounds) {
    double[] cpu = rounds.stream().mapToDouble(r -> r[0]).sorted().toArray();
    double[] bytes = rounds.stream().mapToDouble(r -> r[1]).sorted().toArray();
    System.out.printf(
        "%-28s CPU per span median %.0f ns (min %.0f, max %.0f); allocated per span median %.0f bytes%n",
        what, cpu[cpu.length / 2], cpu[0], cpu[cpu.length - 1], bytes[bytes.length / 2]);
    System.out.println("  rounds: " + Arrays.toString(cpu));
  }

  /** 50 traces of 10 spans from three services, with the attributes an HTTP/database SDK records. */
  private static List<Span> spans(Random random) {
    String[] services = {"checkout", "payments", "inventory"};
    List<Span> spans = new ArrayList<>();
    long start = 1_765_000_000_000_000_000L;
    for (int trace = 0; trace < SPANS_PER_REQUEST / 10; trace++) {
      TraceId traceId = TestSpans.traceId(random);
      SpanId parent = SpanId.NONE;
      for (int i = 0; i < 10; i++) {
        String service = services[i % services.length];
        SpanId spanId = TestSpans.spanId(random);
        Resource resource =
            TestSpans.resource(
                service,
                Attribute.of("service.version", "1.4." + (i % 3)),
                Attribute.of("host.name", service + "-7f9c4d-" + (i % 4)),
                Attribute.of("telemetry.sdk.language", "java"));
        spans.add(
            TestSpans.span(
                    traceId, spanId, parent, service, "GET /api/v1/orders/{id}", start, 2_500_000)
                .kind(i == 0 ? SpanKind.SERVER : SpanKind.CLIENT)
                .resource(resource)
                .attributes(
                    List.of(
                        Attribute.of("http.request.method", "GET"),
                        Attribute.of("http.route", "/api/v1/orders/{id}"),
                        Attribute.of("http.response.status_code", 200L),
                        Attribute.of(
                            "url.full",
                            "http://" + service + ":8080/api/v1/orders/" + random.nextInt(100_000)),
                        Attribute.of("server.address", service),
                        Attribute.of("server.port", 8080L),
                        Attribute.of("network.protocol.version", "1.1"),
                        Attribute.of("user_agent.original", "okhttp/4.12.0"),
                        Attribute.of("db.system", "postgresql"),
                        Attribute.of("thread.name", "http-nio-8080-exec-" + random.nextInt(200)),
                        Attribute.of("order.id", Long.toString(random.nextLong()))))
                .build());
        parent = spanId;
        start += 1_000_000;
      }
    }
    return spans;
  }
}
