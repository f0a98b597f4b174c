package io.tracemate.bench;

/**
 * A ready-to-send request body with fresh IDs. Its traces have the consecutive IDs
 * {@code traceHigh:firstTraceLow} .. {@code traceHigh:firstTraceLow + traces - 1}.
 */
record EncodedBatch(byte[] body, int spans, int traces, long firstTraceLow) {}
