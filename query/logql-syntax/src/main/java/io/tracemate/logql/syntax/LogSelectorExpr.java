package io.tracemate.logql.syntax;

import java.util.List;

/**
 * A log query: a stream selector {@code {app="api", env!="dev"}} and the pipeline applied to its lines.
 *
 * @param matchers stream label matchers, in query order (Loki requires at least one that rejects the empty value)
 * @param pipeline pipeline stages, in order; empty for a bare selector
 */
public record LogSelectorExpr(List<LabelMatcher> matchers, List<PipelineStage> pipeline)
    implements Expr {

  public LogSelectorExpr {
    matchers = List.copyOf(matchers);
    pipeline = List.copyOf(pipeline);
  }

  /** A bare selector without pipeline. */
  public LogSelectorExpr(List<LabelMatcher> matchers) {
    this(matchers, List.of());
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
