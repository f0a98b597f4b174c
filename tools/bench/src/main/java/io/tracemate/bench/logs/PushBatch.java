package io.tracemate.bench.logs;

/**
 * One encoded push request of the corpus.
 *
 * @param sequence position in generation order, from 0
 * @param body the request body in the feed's {@link PushFormat}
 * @param lines log lines in the request
 * @param lineBytes UTF-8 bytes of those lines (what "raw log text" counts)
 * @param sampledTraces how many of the corpus's sampled trace IDs had started once this batch was generated
 */
record PushBatch(long sequence, byte[] body, int lines, long lineBytes, int sampledTraces) {}
