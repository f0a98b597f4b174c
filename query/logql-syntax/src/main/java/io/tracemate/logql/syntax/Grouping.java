package io.tracemate.logql.syntax;

import java.util.List;

/**
 * {@code by (a, b)} or {@code without (a, b)}; an empty label list is legal ({@code by ()} aggregates everything).
 */
public record Grouping(boolean without, List<String> labels) {

  public Grouping {
    labels = List.copyOf(labels);
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
