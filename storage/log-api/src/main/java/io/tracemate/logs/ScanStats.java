package io.tracemate.logs;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a query cost, accumulated by the store while it reads (thread-safe: split sub-queries share one). Loki
 * reports the same figures in a response's {@code stats}; the server also counts them per tenant.
 */
public final class ScanStats {
  private final LongAdder lines = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder chunks = new LongAdder();
  private final LongAdder compressedBytes = new LongAdder();
  private final LongAdder streams = new LongAdder();

  /** Entries decoded, and the UTF-8 bytes of their lines (uncompressed). */
  public void addLines(long count, long lineBytes) {
    lines.add(count);
    bytes.add(lineBytes);
  }

  /** Chunks opened, and their size on disk. */
  public void addChunk(long compressed) {
    chunks.increment();
    compressedBytes.add(compressed);
  }

  public void addStreams(long count) {
    streams.add(count);
  }

  public long lines() {
    return lines.sum();
  }

  public long bytes() {
    return bytes.sum();
  }

  public long chunks() {
    return chunks.sum();
  }

  public long compressedBytes() {
    return compressedBytes.sum();
  }

  public long streams() {
    return streams.sum();
  }
}
