package io.tracemate.auth.oidc;

import com.nimbusds.jwt.proc.BadJWTException;
import io.tracemate.auth.AuthFailure;

/**
 * A token's claims failed a check, with the failure to answer. A {@link BadJWTException} so that nimbus' processor
 * lets it through unchanged. No stack trace: it is a verdict on input.
 */
final class TokenRejected extends BadJWTException {
  private static final long serialVersionUID = 1L;

  private final transient AuthFailure failure;

  TokenRejected(AuthFailure.Reason reason, String message) {
    super(message);
    this.failure = new AuthFailure(reason, message);
  }

  AuthFailure failure() {
    return failure;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
