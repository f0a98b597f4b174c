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
 * java -cp tools/bench/target/test-classes:tools/bench/target/classes:$(cat tools/bench/target/cp.txt) \
 *     org.openjdk.jmh.Main OtlpDecodeBenchmark
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

  @Benchmark
  @OperationsPerInvocation(BATCH_SPANS)
  public DecodedSpans protobuf() throws Exception {
    return OtlpTraceDecoder.decode(ExportTraceServiceRequest.parseFrom(protobuf));
  }

  @Benchmark
  @OperationsPerInvocation(BATCH_SPANS)
  public DecodedSpans json() {
    return OtlpTraceDecoder.decode(OtlpJson.parseTraceRequest(json));
  }
}
