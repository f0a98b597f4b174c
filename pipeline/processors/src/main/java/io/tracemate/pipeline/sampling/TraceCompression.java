package io.tracemate.pipeline.sampling;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;

/**
 * Zstandard for buffered span bytes, with one native context per direction reused for every call (creating a
 * context per small input would cost more than compressing it). Frames written one after the other decompress
 * as one input, so a trace appends a frame per batch and inflates them all at its decision. Level 1: the
 * sampler runs on the ingest applier, so speed matters more than the last percent of ratio. Sampler thread
 * only; {@link #close()} frees the native memory.
 */
final class TraceCompression implements AutoCloseable {
  private static final int LEVEL = 1;

  private final ZstdCompressCtx compressor = new ZstdCompressCtx().setLevel(LEVEL);
  private final ZstdDecompressCtx decompressor = new ZstdDecompressCtx();

  byte[] compress(byte[] raw) {
    return compressor.compress(raw);
  }

  /** The {@code rawLength} bytes that the frames in {@code compressed[0, length)} hold. */
  byte[] decompress(byte[] compressed, int length, int rawLength) {
    return decompressor.decompress(compressed, 0, length, rawLength);
  }

  @Override
  public void close() {
    compressor.close();
    decompressor.close();
  }
}
