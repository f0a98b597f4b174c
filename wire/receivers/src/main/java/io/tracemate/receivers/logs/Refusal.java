package io.tracemate.receivers.logs;

/**
 * Entries refused by validation: one entry, or a whole stream.
 *
 * @param entries how many entries this refusal covers
 * @param bytes their line bytes (UTF-8)
 * @param message Loki's wording, naming the stream and the limit
 */
public record Refusal(RefusalReason reason, int entries, long bytes, String message) {}
