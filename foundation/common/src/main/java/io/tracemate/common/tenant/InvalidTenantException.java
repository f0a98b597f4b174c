package io.tracemate.common.tenant;

/**
 * A tenant ID or scope that breaks the rules; the message names the rule (and, for a bad character, which one and
 * where), so an API can hand it to the caller as a 400 as it is. Carries no stack trace: it is a verdict on input.
 */
public final class InvalidTenantException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidTenantException(String message) {
    super(message);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
