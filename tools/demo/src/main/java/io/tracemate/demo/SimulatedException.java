package io.tracemate.demo;

/**
 * An exception as the simulated application would have thrown it: the type name, message, stack
 * frames and cause chain are those of the real library (MySQL Connector/J, Lettuce, gRPC, ...),
 * none of which the demo depends on. {@code printStackTrace} therefore renders exactly what the
 * real service would log, and the OpenTelemetry SDK records it as such in
 * {@code exception.stacktrace}.
 *
 * <p>Immutable once built.
 */
final class SimulatedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String typeName;

  SimulatedException(
      String typeName, String message, StackTraceElement[] frames, SimulatedException cause) {
    super(message, cause);
    this.typeName = typeName;
    setStackTrace(frames);
  }

  /** Fully qualified class name of the exception the real application throws. */
  String typeName() {
    return typeName;
  }

  /** The generator's own frames are irrelevant; the simulated ones are set in the constructor. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }

  @Override
  public String toString() {
    String message = getLocalizedMessage();
    return message != null ? typeName + ": " + message : typeName;
  }
}
