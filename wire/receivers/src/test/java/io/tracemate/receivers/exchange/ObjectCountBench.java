package io.tracemate.receivers.exchange;

import com.github.loki4j.pkg.loki.protobuf.Push;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.tracemate.codec.logs.LokiPushDecoder;
import io.tracemate.codec.otlp.OtlpJson;
import io.tracemate.codec.otlp.OtlpTraceDecoder;
import io.tracemate.codec.zipkin.ZipkinSpanDecoder;
import io.tracemate.testing.otlp.OtlpRequests;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToLongFunction;

/**
 * What the count before decoding costs on the ingest path, against decoding itself: CPU time of this thread per
 * million items (spans, log lines), for realistic bodies of each encoding, after a warm-up. Not a test; run by
 * hand on a quiet machine:
 *
 * <pre>java -cp $(test classpath) io.tracemate.receivers.exchange.ObjectCountBench</pre>
 */
public final class ObjectCountBench {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static long sink;

  private ObjectCountBench() {}

  public static void main(String[] args) {
    int spans = 5_000;
    byte[] otlp = sdkLikeSpans(spans).toByteArray();
    byte[] otlpJson = OtlpJson.print(sdkLikeSpans(spans)).getBytes(StandardCharsets.UTF_8);
    byte[] zipkin = zipkinJson(spans);
    int lines = 20_000;
    byte[] lokiJson = lokiJson(lines);
    byte[] lokiProtobuf = lokiProtobuf(lines);
    BodyShape otlpShape = BodyShape.protobuf(ExportTraceServiceRequest.getDescriptor(), 1);
    BodyShape lokiShape = BodyShape.protobuf(Push.PushRequest.getDescriptor(), 1);
    BodyShape json = BodyShape.json(1);
    System.out.printf(
        "bodies: OTLP %d B/span, OTLP/JSON %d B/span, Zipkin JSON %d B/span, Loki JSON %d B/line,"
            + " Loki protobuf %d B/line%n",
        otlp.length / spans,
        otlpJson.length / spans,
        zipkin.length / spans,
        lokiJson.length / lines,
        lokiProtobuf.length / lines);
    for (int round = 0; round < 2; round++) { // the first round warms up
      boolean report = round == 1;
      compare(
          "OTLP protobuf", spans, otlp, otlpShape::objects, ObjectCountBench::decodeOtlp, report);
      // gRPC: Armeria parses from its buffer; counted, the message is copied, counted, then parsed.
      double armeria = cpuNanosPerBody(otlp, ObjectCountBench::decodeGrpcAsArmeria);
      double counted = cpuNanosPerBody(otlp, ObjectCountBench::decodeGrpcCounted);
      if (report) {
        System.out.printf(
            "%-26s before %7.1f ms CPU per M items, after %8.1f ms, extra %5.1f %%%n",
            "OTLP gRPC (marshaller)",
            armeria * 1_000_000.0 / spans / 1e6,
            counted * 1_000_000.0 / spans / 1e6,
            100 * (counted - armeria) / armeria);
      }
      compare(
          "OTLP/JSON",
          spans,
          otlpJson,
          json::objects,
          body -> OtlpTraceDecoder.decode(OtlpJson.parseTraceRequest(body)).spans().size(),
          report);
      compare(
          "Zipkin JSON",
          spans,
          zipkin,
          json::objects,
          body -> ZipkinSpanDecoder.decodeJson(body).size(),
          report);
      compare(
          "Loki JSON",
          lines,
          lokiJson,
          json::objects,
          body -> LokiPushDecoder.decodeJson(body).streams().size(),
          report);
      compare(
          "Loki protobuf",
          lines,
          lokiProtobuf,
          lokiShape::objects,
          body -> LokiPushDecoder.decodeProtobuf(body).streams().size(),
          report);
    }
    System.out.println(sink == 42 ? "" : "done");
  }

  private static final io.grpc.MethodDescriptor.Marshaller<ExportTraceServiceRequest> COUNTED =
      CountedRequests.marshaller(
          io.grpc.protobuf.ProtoUtils.marshaller(ExportTraceServiceRequest.getDefaultInstance()),
          BodyShape.protobuf(ExportTraceServiceRequest.getDescriptor(), 1),
          new DecodedObjects(Long.MAX_VALUE));

  /** The counting marshaller's path: copied into the thread's buffer, counted, parsed; then the model. */
  private static long decodeGrpcCounted(byte[] body) {
    return OtlpTraceDecoder.decode(COUNTED.parse(new java.io.ByteArrayInputStream(body)))
        .spans()
        .size();
  }

  /** Armeria's own path: protobuf parsed straight from the message's buffer; then the model. */
  private static long decodeGrpcAsArmeria(byte[] body) {
    try {
      return OtlpTraceDecoder.decode(
              ExportTraceServiceRequest.parseFrom(
                  com.google.protobuf.CodedInputStream.newInstance(java.nio.ByteBuffer.wrap(body))))
          .spans()
          .size();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long decodeOtlp(byte[] body) {
    try {
      return OtlpTraceDecoder.decode(ExportTraceServiceRequest.parseFrom(body)).spans().size();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void compare(
      String name,
      int items,
      byte[] body,
      ToLongFunction<byte[]> count,
      ToLongFunction<byte[]> decode,
      boolean report) {
    double countNanos = cpuNanosPerBody(body, count);
    double decodeNanos = cpuNanosPerBody(body, decode);
    if (report) {
      double perMillion = 1_000_000.0 / items / 1e6; // ns per body → ms per million items
      System.out.printf(
          "%-26s count %7.1f ms CPU per M items, decode %8.1f ms, count/decode %5.1f %%%n",
          name, countNanos * perMillion, decodeNanos * perMillion, 100 * countNanos / decodeNanos);
    }
  }

  /** CPU time of this thread per pass, over at least two seconds of passes. */
  private static double cpuNanosPerBody(byte[] body, ToLongFunction<byte[]> work) {
    long start = THREADS.getCurrentThreadCpuTime();
    long passes = 0;
    while (THREADS.getCurrentThreadCpuTime() - start < 2_000_000_000L) {
      sink += work.applyAsLong(body);
      passes++;
    }
    return (THREADS.getCurrentThreadCpuTime() - start) / (double) passes;
  }

  /** Spans as an SDK sends them: ten string attributes, an event, a resource with service.name. */
  private static ExportTraceServiceRequest sdkLikeSpans(int count) {
    Random random = new Random(1);
    long now = System.currentTimeMillis() * 1_000_000L;
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (int i = 0; i < count; i++) {
      Span.Builder span =
          Span.newBuilder()
              .setTraceId(OtlpRequests.traceId(random.nextLong(), random.nextLong()))
              .setSpanId(OtlpRequests.spanId(random.nextLong()))
              .setName("GET /api/orders/" + (i % 50))
              .setKind(Span.SpanKind.SPAN_KIND_SERVER)
              .setStartTimeUnixNano(now)
              .setEndTimeUnixNano(now + 1_000_000);
      for (int k = 0; k < 10; k++) {
        span.addAttributes(
            KeyValue.newBuilder()
                .setKey("http.attribute." + k)
                .setValue(AnyValue.newBuilder().setStringValue("value-" + random.nextInt(1000))));
      }
      span.addEvents(
          Span.Event.newBuilder()
              .setName("exception")
              .setTimeUnixNano(now)
              .addAttributes(
                  KeyValue.newBuilder()
                      .setKey("exception.type")
                      .setValue(AnyValue.newBuilder().setStringValue("IOException"))));
      scope.addSpans(span);
    }
    return OtlpRequests.spans("checkout", scope);
  }

  private static byte[] zipkinJson(int count) {
    List<zipkin2.Span> spans = new ArrayList<>();
    long now = System.currentTimeMillis() * 1000;
    for (int i = 0; i < count; i++) {
      zipkin2.Span.Builder span =
          zipkin2.Span.newBuilder()
              .traceId(Long.toHexString(i + 1) + "0000000000000001")
              .id(i + 1)
              .name("get /api/orders")
              .timestamp(now)
              .duration(2_500L)
              .kind(zipkin2.Span.Kind.SERVER)
              .localEndpoint(zipkin2.Endpoint.newBuilder().serviceName("checkout").build());
      for (int k = 0; k < 10; k++) {
        span.putTag("http.tag." + k, "value-" + k);
      }
      spans.add(span.build());
    }
    return zipkin2.codec.SpanBytesEncoder.JSON_V2.encodeList(spans);
  }

  private static byte[] lokiJson(int lines) {
    long now = System.currentTimeMillis() * 1_000_000L;
    StringBuilder json =
        new StringBuilder(
            "{\"streams\":[{\"stream\":{\"app\":\"shop\",\"env\":\"prod\"},\"values\":[");
    for (int i = 0; i < lines; i++) {
      json.append(i == 0 ? "" : ",")
          .append("[\"")
          .append(now + i)
          .append("\",\"level=info msg=\\\"order placed\\\" order_id=")
          .append(i)
          .append(" duration_ms=")
          .append(i % 300)
          .append(" user=u-")
          .append(i % 977)
          .append("\"]");
    }
    return json.append("]}]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] lokiProtobuf(int lines) {
    long now = System.currentTimeMillis() / 1000;
    Push.StreamAdapter.Builder stream =
        Push.StreamAdapter.newBuilder().setLabels("{app=\"shop\", env=\"prod\"}");
    for (int i = 0; i < lines; i++) {
      stream.addEntries(
          Push.EntryAdapter.newBuilder()
              .setTimestamp(
                  com.github.loki4j.pkg.google.protobuf.Timestamp.newBuilder()
                      .setSeconds(now)
                      .setNanos(i))
              .setLine(
                  "level=info msg=\"order placed\" order_id="
                      + i
                      + " duration_ms="
                      + (i % 300)
                      + " user=u-"
                      + (i % 977)));
    }
    return Push.PushRequest.newBuilder().addStreams(stream).build().toByteArray();
  }
}
