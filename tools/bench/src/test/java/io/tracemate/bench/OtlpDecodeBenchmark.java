package io.tracemate.bench;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.tracemate.codec.otlp.DecodedSpans;
import io.tracemate.codec.otlp.OtlpJson;
import io.tracemate.codec.otlp.OtlpTraceDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a receiver spends per span turning an OTLP export request's body into model spans: protobuf (protobuf's
 * parser, then {@link OtlpTraceDecoder}) against OTLP/JSON ({@link OtlpJson}, then the decoder), for the same
 * request. The request is one batch of the bench's synthetic workload ({@link SyntheticWorkload}: the services,
 * attributes, errors and events {@code tracemate bench} sends), so the figures compare with its end-to-end ones.
 *
 * <pre>
 * mvn -o -q -pl tools/bench -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * CP=tools/bench/target/test-classes:tools/bench/target/classes:$(cat tools/bench/target/cp.txt)
 * java -cp $CP org.openjdk.jmh.Main OtlpDecodeBenchmark -prof gc       # JMH: time and bytes allocated per span
 * java -cp $CP io.tracemate.bench.OtlpDecodeBenchmark [rounds=7] [batches=500]  # CPU time per span, see main
 * java -Xmx1g -cp $CP io.tracemate.bench.OtlpDecodeBenchmark memory [MiB=64]  # one large body's heap, see memory
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx1g"})
public class OtlpDecodeBenchmark {
  /** The bench's default --batch-spans. */
  static final int BATCH_SPANS = 500;

  private byte[] protobuf;
  private byte[] json;

  @Setup
  public void encode() {
    SyntheticWorkload workload = new SyntheticWorkload(42);
    // batch(n) ends on a whole trace, so it may hold a few more: the last trace is cut to make the
    // count exact.
    List<TemplateSpan> batch = List.copyOf(workload.batch(BATCH_SPANS).subList(0, BATCH_SPANS));
    Placeholders ids =
        Placeholders.forBatch(
            batch,
            Instant.parse("2026-01-01T00:00:00Z").toEpochMilli() * 1_000_000L,
            new SplittableRandom(7));
    ExportTraceServiceRequest request = OtlpEncoding.encode(batch, ids);
    if (request.getResourceSpansList().stream()
            .mapToInt(r -> r.getScopeSpans(0).getSpansCount())
            .sum()
        != BATCH_SPANS) {
      // @OperationsPerInvocation must be the span count for the figures to be per span.
      throw new IllegalStateException("the batch does not hold " + BATCH_SPANS + " spans");
    }
    protobuf = request.toByteArray();
    json = OtlpJson.print(request).getBytes(StandardCharsets.UTF_8);
    if (!OtlpJson.parseTraceRequest(json).equals(request)) {
      throw new IllegalStateException("the JSON body does not parse back to the request");
    }
  }

  /**
   * The same two decodings timed by the CPU time of the thread that runs them rather than the wall clock, for a
   * machine shared with other work (JMH's times grow with the load): after a warm-up, {@code rounds} rounds of
   * {@code batches} batches of each format, alternating, and the median round per span.
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("memory")) {
      memory(args.length > 1 ? Integer.parseInt(args[1]) : 64);
      return;
    }
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    int batches = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    OtlpDecodeBenchmark benchmark = new OtlpDecodeBenchmark();
    benchmark.encode();
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int i = 0; i < batches * 2; i++) {
      sink += benchmark.protobuf().spans().size() + benchmark.json().spans().size();
    }
    long[] protobuf = new long[rounds];
    long[] json = new long[rounds];
    for (int round = 0; round < rounds; round++) {
      long start = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < batches; i++) {
        sink += benchmark.protobuf().spans().size();
      }
      protobuf[round] = threads.getCurrentThreadCpuTime() - start;
      start = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < batches; i++) {
        sink += benchmark.json().spans().size();
      }
      json[round] = threads.getCurrentThreadCpuTime() - start;
    }
    java.util.Arrays.sort(protobuf);
    java.util.Arrays.sort(json);
    double spans = (double) batches * BATCH_SPANS;
    double protobufNanos = protobuf[rounds / 2] / spans;
    double jsonNanos = json[rounds / 2] / spans;
    System.out.printf(
        java.util.Locale.ROOT,
        "body bytes per span: protobuf %.0f, json %.0f%n"
            + "CPU ns per span (median of %d rounds of %,d spans): protobuf %.0f, json %.0f, json/protobuf %.2f%n"
            + "(checksum %d)%n",
        benchmark.protobuf.length / (double) BATCH_SPANS,
        benchmark.json.length / (double) BATCH_SPANS,
        rounds,
        (long) spans,
        protobufNanos,
        jsonNanos,
        jsonNanos / protobufNanos,
        sink);
  }

  /**
   * What one OTLP/JSON body of {@code mib} MiB (the batch's resourceSpans repeated) costs in heap: the bytes the
   * reading thread allocates to parse it and decode the spans, and the heap the parsed request holds (used heap
   * after a full GC with the request held, minus before). Run with a bounded heap ({@code -Xmx}) to see whether
   * the body fits at all.
   */
  static void memory(int mib) throws Exception {
    OtlpDecodeBenchmark benchmark = new OtlpDecodeBenchmark();
    benchmark.encode();
    String batch = new String(benchmark.json, StandardCharsets.UTF_8);
    String prefix = "{\"resourceSpans\":[";
    if (!batch.startsWith(prefix) || !batch.endsWith("]}")) {
      throw new IllegalStateException("unexpected batch JSON: " + batch.substring(0, 40));
    }
    String resourceSpans = batch.substring(prefix.length(), batch.length() - 2);
    StringBuilder body = new StringBuilder(prefix);
    int copies = 0;
    while (body.length() < (long) mib << 20) {
      body.append(copies++ == 0 ? "" : ",").append(resourceSpans);
    }
    byte[] json = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    body = null;
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    long usedBefore = runtime.totalMemory() - runtime.freeMemory();
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    ExportTraceServiceRequest request = OtlpJson.parseTraceRequest(json);
    long parseAllocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    System.gc();
    long held = runtime.totalMemory() - runtime.freeMemory() - usedBefore;
    DecodedSpans decoded = OtlpTraceDecoder.decode(request);
    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    System.out.printf(
        java.util.Locale.ROOT,
        "body %.1f MiB, %,d spans; parse allocated %.0f MiB (%.1f x the body), parse and decode allocated %.0f MiB;"
            + " the parsed request holds %.0f MiB; max heap %.0f MiB%n",
        json.length / 1048576.0,
        decoded.spans().size(),
        parseAllocated / 1048576.0,
        parseAllocated / (double) json.length,
        allocated / 1048576.0,
        held / 1048576.0,
        runtime.maxMemory() / 1048576.0);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH_SPANS)
  public DecodedSpans protobuf() throws Exception {
    return OtlpTraceDecoder.decode(ExportTraceServiceRequest.parseFrom(protobuf));
  }

  /**
   * Protobuf as the receivers have read it since the wire decoder (main after this benchmark's first figures):
   * straight from the bytes to the model, without the generated messages.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH_SPANS)
  public DecodedSpans protobufWire() throws Exception {
    return OtlpTraceDecoder.decode(protobuf, 0, protobuf.length);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH_SPANS)
  public DecodedSpans json() {
    return OtlpTraceDecoder.decode(OtlpJson.parseTraceRequest(json));
  }
}
