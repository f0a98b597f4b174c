package io.tracemate.bench.logs;

import io.tracemate.logs.model.LogStream;
import io.tracemate.testing.corpus.LogCorpus;
import java.util.List;

/**
 * Cuts the deterministic {@link LogCorpus} into encoded push requests of {@code batchLines} lines until
 * {@code maxLineBytes} of line text have been generated. The same seed, start and spacing give byte-identical
 * requests. Not thread-safe (the corpus is not): one generator thread owns it.
 */
final class CorpusBatches {

  private final LogCorpus corpus;
  private final PushFormat format;
  private final int batchLines;
  private final long maxLineBytes;
  private long sequence;

  CorpusBatches(LogCorpus corpus, PushFormat format, int batchLines, long maxLineBytes) {
    if (batchLines < 1) {
      throw new IllegalArgumentException("--batch-lines must be at least 1, got " + batchLines);
    }
    this.corpus = corpus;
    this.format = format;
    this.batchLines = batchLines;
    this.maxLineBytes = maxLineBytes;
  }

  /** The next request, or null once {@code maxLineBytes} of lines have been generated. */
  PushBatch next() {
    if (corpus.generatedBytes() >= maxLineBytes) {
      return null;
    }
    long bytesBefore = corpus.generatedBytes();
    long linesBefore = corpus.generatedLines();
    List<LogStream> streams = corpus.next(batchLines);
    byte[] body = format.encode(streams);
    return new PushBatch(
        sequence++,
        body,
        (int) (corpus.generatedLines() - linesBefore),
        corpus.generatedBytes() - bytesBefore,
        corpus.sampledTraceIds().size());
  }

  /** One trace ID of every 100 started so far (at most 10,000), in the order they started. */
  List<String> sampledTraceIds() {
    return corpus.sampledTraceIds();
  }
}
