package io.tracemate.logql.engine.pipeline;

/** One compiled pipeline stage. Implementations are immutable and thread-safe; per-entry state is the builder. */
@FunctionalInterface
public interface Stage {
  /** @return false to drop the entry */
  boolean process(LabelsBuilder entry);
}
