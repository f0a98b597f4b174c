package io.tracemate.component;

/**
 * A component's lifecycle, as in the OpenTelemetry Collector: created (validated by its factory, touching
 * nothing), {@link #start() started} before the first batch, then running, then {@link #shutdown() shut down}
 * after the last batch. Whoever assembles the graph calls these, in order for start and in reverse for shutdown.
 */
public interface Lifecycle {

  /** Called once before the first batch; a failure stops the assembly. */
  default void start() {}

  /** Called once after the last batch. */
  default void shutdown() {}
}
