package io.tracemate.logs;

/** The store could not do what was asked; {@link #retryable()} says whether trying again may help. */
public final class LogStorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  public LogStorageException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
