package io.tracemate.audit;

/** An append refused because the writer is that far behind; no stack trace, it is back pressure. */
public final class AuditOverloadedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  AuditOverloadedException(int pending) {
    super("the audit log has " + pending + " records waiting to be written", null, false, false);
  }
}
