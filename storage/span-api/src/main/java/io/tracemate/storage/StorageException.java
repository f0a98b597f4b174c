package io.tracemate.storage;

/** A store failure; {@code retryable} says whether the same call may succeed later (overload vs. bad data). */
public class StorageException extends RuntimeException {
  private final boolean retryable;

  public StorageException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public StorageException(String message, boolean retryable) {
    this(message, retryable, null);
  }

  public boolean retryable() {
    return retryable;
  }
}
