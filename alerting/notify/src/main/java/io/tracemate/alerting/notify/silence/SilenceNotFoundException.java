package io.tracemate.alerting.notify.silence;

/** No silence of the tenant has the ID (the APIs answer 404). */
public final class SilenceNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SilenceNotFoundException(String id) {
    super("silence " + id + " not found");
  }
}
