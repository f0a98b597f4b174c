package io.tracemate.pipeline.sampling;

import io.tracemate.codec.SpanBinaryCodec;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.InstrumentationScope;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.TraceId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The spans of one undecided trace, kept compact while the trace waits: encoded as OTLP {@code TracesData}
 * bytes ({@link SpanBinaryCodec}) without their resource and scope, which are held once per run of spans
 * from the same origin as a reference to a shared {@link SpanOrigins.Origin}, and compressed with zstd, one
 * frame per batch ({@link TraceCompression}). Frames decompress as one input and TracesData messages
 * concatenate into one message with the runs in order, so {@link #decode} returns the spans in arrival order
 * with one decompression and one parse. {@code firstSequence} is the WAL record that brought the first span
 * (the record that must not be truncated while the trace waits); {@code arrivalNanos} starts the decision wait;
 * {@code settings} are those in force when the first span came, which decide the trace (policies and wait) even
 * when the configuration changed meanwhile. Mutable, owned by the sampler's thread.
 */
final class BufferedTrace {
  private static final byte[] NO_BYTES = new byte[0];
  private static final int EXACT_GROWTH_LIMIT = 16 * 1024;

  final TenantId tenant;
  final TraceId traceId;
  final long firstSequence;
  final long arrivalNanos;
  final TailSampler.Settings settings;

  /** Spans of the batch being offered, collected so that they are encoded with one call; null between offers. */
  List<Span> incoming;

  private byte[] encoded = NO_BYTES;
  private int encodedLength;
  private int rawLength;
  private SpanOrigins.Origin[] runOrigins = new SpanOrigins.Origin[1];
  private int[] runLengths = new int[1];
  private int runCount;
  private int spanCount;

  BufferedTrace(
      TenantId tenant,
      TraceId traceId,
      long firstSequence,
      long arrivalNanos,
      TailSampler.Settings settings) {
    this.tenant = tenant;
    this.traceId = traceId;
    this.firstSequence = firstSequence;
    this.arrivalNanos = arrivalNanos;
    this.settings = settings;
  }

  int spanCount() {
    return spanCount;
  }

  /** Encodes {@link #incoming} (if any) after the spans already held, and clears it. */
  void encodeIncoming(SpanOrigins origins, TraceCompression compression) {
    List<Span> spans = incoming;
    incoming = null;
    if (spans == null || spans.isEmpty()) {
      return;
    }
    List<Span> stripped = new ArrayList<>(spans.size());
    for (Span span : spans) {
      SpanOrigins.Origin origin = origins.of(span.resource(), span.scope());
      if (runCount > 0 && runOrigins[runCount - 1] == origin) {
        runLengths[runCount - 1]++;
      } else {
        addRun(origin);
      }
      stripped.add(
          span.toBuilder().resource(Resource.EMPTY).scope(InstrumentationScope.EMPTY).build());
    }
    byte[] raw = SpanBinaryCodec.encode(stripped);
    append(compression.compress(raw));
    rawLength += raw.length;
    spanCount += spans.size();
  }

  /** The spans in arrival order, with their resources and scopes. */
  List<Span> decode(TraceCompression compression) {
    List<Span> stripped =
        SpanBinaryCodec.decode(compression.decompress(encoded, encodedLength, rawLength));
    if (stripped.size() != spanCount) {
      throw new IllegalStateException(
          "trace " + traceId + ": buffered " + spanCount + " spans but decoded " + stripped.size());
    }
    List<Span> spans = new ArrayList<>(spanCount);
    int next = 0;
    for (int run = 0; run < runCount; run++) {
      SpanOrigins.Origin origin = runOrigins[run];
      for (int i = 0; i < runLengths[run]; i++) {
        spans.add(
            stripped.get(next++).toBuilder()
                .resource(origin.resource())
                .scope(origin.scope())
                .build());
      }
    }
    return spans;
  }

  private void addRun(SpanOrigins.Origin origin) {
    if (runCount == runOrigins.length) {
      runOrigins = Arrays.copyOf(runOrigins, runCount * 2);
      runLengths = Arrays.copyOf(runLengths, runCount * 2);
    }
    runOrigins[runCount] = origin;
    runLengths[runCount] = 1;
    runCount++;
  }

  private void append(byte[] bytes) {
    if (encodedLength == 0) {
      encoded = bytes; // the common case: one append, kept at its exact size
      encodedLength = bytes.length;
      return;
    }
    int needed = encodedLength + bytes.length;
    if (needed > encoded.length) {
      // exact size while small (no slack held; copying a few KiB is cheap), then by an eighth,
      // which keeps the copying linear for large traces that arrive in many batches
      int capacity =
          needed <= EXACT_GROWTH_LIMIT
              ? needed
              : Math.max(needed, encodedLength + (encodedLength >> 3));
      encoded = Arrays.copyOf(encoded, capacity);
    }
    System.arraycopy(bytes, 0, encoded, encodedLength, bytes.length);
    encodedLength = needed;
  }
}
