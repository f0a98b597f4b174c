package io.tracemate.audit;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how the audit log is written.
 *
 * @param directory the log's directory ({@code DATA_DIR/audit} in the server)
 * @param maxFileBytes a file is closed and the next begun once it reaches this size (default 64 MiB)
 * @param maxPending appends waiting for the writer beyond which an append is refused rather than queued, so that a
 *     stalled disk cannot grow memory without bound (default 10000)
 * @param retention files whose every record is older than this are removed (never the file being written), after
 *     a record naming what goes and the hash the chain continues from; {@link Duration#ZERO}: kept forever (the
 *     default: regulators set how long an audit trail must be kept, so deleting it is a decision to configure)
 */
public record AuditLogConfig(
    Path directory, long maxFileBytes, int maxPending, Duration retention) {
  public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;
  public static final int DEFAULT_MAX_PENDING = 10_000;

  public AuditLogConfig {
    if (directory == null) {
      throw new IllegalArgumentException("the audit log needs a directory");
    }
    if (maxFileBytes < 4096) {
      throw new IllegalArgumentException(
          "audit max file size must be at least 4096 bytes, got " + maxFileBytes);
    }
    if (maxPending < 1) {
      throw new IllegalArgumentException("audit max pending must be at least 1, got " + maxPending);
    }
    retention = retention == null ? Duration.ZERO : retention;
    if (retention.isNegative()) {
      throw new IllegalArgumentException("audit retention must not be negative, got " + retention);
    }
  }

  public static AuditLogConfig in(Path directory) {
    return new AuditLogConfig(
        directory, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_PENDING, Duration.ZERO);
  }

  public AuditLogConfig withMaxFileBytes(long bytes) {
    return new AuditLogConfig(directory, bytes, maxPending, retention);
  }

  public AuditLogConfig withRetention(Duration keep) {
    return new AuditLogConfig(directory, maxFileBytes, maxPending, keep);
  }
}
