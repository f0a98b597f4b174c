package io.tracemate.queue.wal;

/** One entry read back from the log: its sequence number and the payload exactly as appended. */
public record WalRecord(long sequence, byte[] payload) {}
